using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using CommunityBot.Storage;
using Dapper;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Localisation;

/// <summary>
/// Who reads a message decides its language:
/// <list type="bullet">
/// <item>a reply to an interaction: the invoking member's Discord language (<see cref="Interactions.InteractionContext.Culture"/>);</item>
/// <item>a public post many people read (welcome, cards, digests): the server's — <c>language</c> in
/// <c>community.json</c>, else the Server Primary Language Discord reports (<c>preferred_locale</c> / <c>guild_locale</c>),
/// else English (<see cref="ForGuild"/>);</item>
/// <item>a DM: the language the member last used with the bot, else the server's (<see cref="ForMemberAsync"/>).</item>
/// </list>
/// Members' languages are remembered in <c>member_locales</c> (one row a member, written only when it changes) and
/// a bounded in-memory cache in front of it, so a DM after a restart still finds the language.
/// </summary>
public sealed class Audiences(ICommunityConfig config, IDbConnectionFactory db, TimeProvider time, ILogger<Audiences> logger)
{
    /// <summary>Enough for the active members of many servers; past it, a share of entries is dropped (the table keeps them).</summary>
    internal const int CacheLimit = 50_000;

    private readonly ConcurrentDictionary<ulong, string> _guildLocales = new();
    private readonly ConcurrentDictionary<ulong, string> _memberLocales = new();

    public CultureInfo ForGuild(ulong? guildId)
    {
        if (guildId is not { } id) return Languages.Fallback;
        return config.Guild(id)?.Language
            ?? (_guildLocales.TryGetValue(id, out var locale) ? Languages.Parse(locale) : null)
            ?? Languages.Fallback;
    }

    /// <summary>For a DM to <paramref name="userId"/>: their last used language, else <paramref name="guildId"/>'s.</summary>
    public async Task<CultureInfo> ForMemberAsync(ulong userId, ulong? guildId, CancellationToken ct = default)
    {
        if (!_memberLocales.TryGetValue(userId, out var locale))
        {
            try
            {
                await using var connection = await db.OpenAsync(ct);
                locale = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                    "SELECT locale FROM member_locales WHERE user_id = @userId", new { userId }, cancellationToken: ct));
                if (locale is not null) Cache(userId, locale);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not read the language of member {UserId}; using the server's", userId);
            }
        }
        return Languages.Parse(locale) ?? ForGuild(guildId);
    }

    /// <summary>Notes the locale an interaction carried (written to the table only when it changed).</summary>
    public async Task RememberMemberAsync(ulong userId, string? locale, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(locale) || (_memberLocales.TryGetValue(userId, out var known) && known == locale)) return;
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO member_locales (user_id, locale, seen_at) VALUES (@userId, @locale, @seenAt)
            ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale, seen_at = excluded.seen_at
            """,
            new { userId, locale, seenAt = time.GetUtcNow() }, cancellationToken: ct));
        Cache(userId, locale);
    }

    public void RememberGuild(ulong guildId, string? locale)
    {
        if (!string.IsNullOrEmpty(locale)) _guildLocales[guildId] = locale;
    }

    private void Cache(ulong userId, string locale)
    {
        if (_memberLocales.Count >= CacheLimit)
            foreach (var key in _memberLocales.Keys.Take(CacheLimit / 10)) _memberLocales.TryRemove(key, out _);
        _memberLocales[userId] = locale;
    }

    internal sealed class OnGuildCreate(Audiences audiences) : IEventHandler<GuildCreateEvent>
    {
        public Task HandleAsync(GuildCreateEvent evt, CancellationToken ct)
        {
            audiences.RememberGuild(evt.Guild.Id, evt.Guild.PreferredLocale);
            return Task.CompletedTask;
        }
    }

    /// <summary>GUILD_UPDATE is not a typed event; its <c>preferred_locale</c> is all we need from it.</summary>
    internal sealed class OnGuildUpdate(Audiences audiences) : IEventHandler<UnknownDispatchEvent>
    {
        public Task HandleAsync(UnknownDispatchEvent evt, CancellationToken ct)
        {
            if (evt.Name == "GUILD_UPDATE" && evt.Data.ValueKind == JsonValueKind.Object
                && evt.Data.TryGetProperty("id", out var id) && ulong.TryParse(id.GetString(), out var guildId)
                && evt.Data.TryGetProperty("preferred_locale", out var locale) && locale.ValueKind == JsonValueKind.String)
                audiences.RememberGuild(guildId, locale.GetString());
            return Task.CompletedTask;
        }
    }
}
