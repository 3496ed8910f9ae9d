namespace CommunityBot.Discord.Models;

/// <summary>REF § Snowflakes: the facts packed into a Discord id, and G § Sharding's formula.</summary>
public static class Snowflake
{
    /// <summary>The first millisecond of 2015, Discord's epoch.</summary>
    public const long DiscordEpochMs = 1420070400000;

    /// <summary>When the id was created. Never use it to time the 3-second interaction deadline: local clocks drift.</summary>
    public static DateTimeOffset CreatedAt(ulong id) => DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMs);

    /// <summary>REF § Snowflake IDs in Pagination: the smallest id created at <paramref name="time"/>, for before/after.</summary>
    public static ulong AtTime(DateTimeOffset time) =>
        (ulong)Math.Max(0, time.ToUnixTimeMilliseconds() - DiscordEpochMs) << 22;

    /// <summary>G § Sharding Formula: which shard receives a guild's events (DMs go to shard 0).</summary>
    public static int ShardFor(ulong? guildId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return guildId is { } id ? (int)((id >> 22) % (ulong)shardCount) : 0;
    }
}
