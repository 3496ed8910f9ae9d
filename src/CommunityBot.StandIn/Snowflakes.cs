namespace CommunityBot.StandIn;

/// <summary>Issues Discord-shaped snowflakes: timestamp bits from the clock, strictly increasing.</summary>
internal sealed class SnowflakeGenerator
{
    private const long DiscordEpochMs = 1420070400000;
    private long _last;

    public ulong Next()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var candidate = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - DiscordEpochMs) << 22;
            if (candidate <= last) candidate = last + 1;
            if (Interlocked.CompareExchange(ref _last, candidate, last) == last) return (ulong)candidate;
        }
    }

    public static DateTimeOffset TimestampOf(ulong id) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMs);
}
