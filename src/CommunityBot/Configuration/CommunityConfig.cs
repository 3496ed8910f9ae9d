using System.Collections.Frozen;

namespace CommunityBot.Configuration;

/// <summary>
/// A validated snapshot of <c>config/community.json</c>: per guild, the common settings and one typed
/// section per feature. Snapshots are immutable; a hot reload swaps the whole snapshot at once.
/// </summary>
public sealed class CommunityConfig
{
    public static CommunityConfig Empty { get; } = new(FrozenDictionary<ulong, GuildConfig>.Empty, 0);

    public CommunityConfig(IReadOnlyDictionary<ulong, GuildConfig> guilds, int version)
    {
        Guilds = guilds;
        Version = version;
    }

    public IReadOnlyDictionary<ulong, GuildConfig> Guilds { get; }
    /// <summary>Increments on every accepted reload.</summary>
    public int Version { get; }

    public GuildConfig? Guild(ulong? guildId) => guildId is { } id && Guilds.TryGetValue(id, out var g) ? g : null;
}

/// <summary>The settings of one guild. Feature sections are looked up by their settings type.</summary>
public sealed class GuildConfig
{
    public required ulong GuildId { get; init; }
    public string? Name { get; init; }
    /// <summary>The language of public posts (<c>language</c>); null: Discord's server language decides.</summary>
    public System.Globalization.CultureInfo? Language { get; init; }
    /// <summary>Where config errors and other operator notices are posted.</summary>
    public ulong? AdminChannelId { get; init; }
    /// <summary>Members with any of these roles count as moderators (besides the Moderate Members permission).</summary>
    public IReadOnlyList<ulong> ModeratorRoleIds { get; init; } = [];
    /// <summary>Members with any of these roles count as admins (besides the Manage Server permission).</summary>
    public IReadOnlyList<ulong> AdminRoleIds { get; init; } = [];
    public required IReadOnlyDictionary<Type, object> Sections { get; init; }

    /// <summary>The feature's settings, or null when the guild does not configure that feature (it is then off).</summary>
    public T? Section<T>() where T : class => Sections.TryGetValue(typeof(T), out var s) ? (T)s : null;
}
