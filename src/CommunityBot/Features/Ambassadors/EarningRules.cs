using System.Security.Cryptography;
using System.Text;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// The rules that limit what chat activity earns: message cooldown, minimum length, daily caps, duplicate
/// content, and reaction caps. They run inside the ledger transaction, against the member's stored counters,
/// so they hold across restarts and replays.
/// </summary>
public static class EarningRules
{
    public static PointsAward No(string why) => new(false, 0, null, why);

    /// <summary>The checks that need no database: channel, length. Null when the message may earn.</summary>
    public static string? PrecheckMessage(MessagePointRules rules, ulong channelId, string content)
    {
        if (rules.ExcludedChannelIds.Contains(channelId)) return "messages in this channel earn no points";
        if (content.Trim().Length < rules.MinLength) return $"messages shorter than {rules.MinLength} characters earn no points";
        return null;
    }

    public static async Task<(PointsAward Award, LedgerChange? Change)> AwardMessageAsync(
        LedgerSession s, MessagePointRules rules, int weight, ulong guildId, ulong memberId, ulong messageId, string content, DateTimeOffset at)
    {
        var totals = await Ledger.MemberAsync(s, guildId, memberId);
        var day = Ledger.UtcDay(at);
        var usedToday = totals is not null && totals.Day == day ? totals.DayMessagePoints : 0;
        if (totals is not null && rules.CooldownSeconds > 0 && at.ToUnixTimeMilliseconds() - totals.LastMessageAwardAt < rules.CooldownSeconds * 1000L)
            return (No("cooldown: an earlier message earned points moments ago"), null);
        var amount = Capped(weight, rules.DailyCap, usedToday);
        if (amount <= 0) return (No("daily message cap reached"), null);

        if (rules.DuplicateWindowHours > 0)
        {
            // Inserts the hash, or refreshes it if it is older than the window; no row changed means a recent repeat.
            var windowStart = at.AddHours(-rules.DuplicateWindowHours);
            var fresh = await s.ExecutePreparedAsync("""
                INSERT INTO ambassador_message_hashes (guild_id, member_id, content_hash, seen_at) VALUES (@guildId, @memberId, @hash, @at)
                ON CONFLICT (guild_id, member_id, content_hash) DO UPDATE SET seen_at = excluded.seen_at
                WHERE ambassador_message_hashes.seen_at < @windowStart
                """, ("@guildId", guildId), ("@memberId", memberId), ("@hash", ContentHash(content)), ("@at", at), ("@windowStart", windowStart));
            if (fresh == 0) return (No("the same text already earned points recently"), null);
            await PruneExpiredHashesAsync(s, guildId, windowStart);
        }

        var change = await Ledger.AppendAsync(s, new NewEntry(guildId, memberId, amount, PointSources.Message, messageId.ToString(),
            "message", null, at, MessagePoints: amount, StartsMessageCooldown: true));
        return change is null ? (No("already awarded"), null) : (new PointsAward(true, amount, change.EntryId), change);
    }

    public static async Task<(PointsAward Award, LedgerChange? Change)> AwardReactionAsync(
        LedgerSession s, ReactionPointRules rules, int weight, ulong guildId, ulong authorId, ulong messageId, ulong reactorId, string emoji, DateTimeOffset at)
    {
        var totals = await Ledger.MemberAsync(s, guildId, authorId);
        var usedToday = totals is not null && totals.Day == Ledger.UtcDay(at) ? totals.DayReactionPoints : 0;
        var amount = Capped(weight, rules.DailyCap, usedToday);
        if (amount > 0 && rules.PerMessageCap > 0)
        {
            var onMessage = await s.ScalarAsync<long?>(PointsOnMessageSql, new { guildId, kind = PointSources.ReactionReceived, from = messageId + ":", to = messageId + ";" }) ?? 0;
            amount = Capped(amount, rules.PerMessageCap, (int)onMessage);
        }
        if (amount <= 0) return (No("reaction cap reached"), null);

        var change = await Ledger.AppendAsync(s, new NewEntry(guildId, authorId, amount, PointSources.ReactionReceived,
            ReactionSourceId(messageId, reactorId, emoji), "reaction received", reactorId, at, ReactionPoints: amount));
        return change is null ? (No("already awarded"), null) : (new PointsAward(true, amount, change.EntryId), change);
    }

    /// <summary>
    /// What reactions on one message earned so far: a range seek on the (guild, kind, source id, member) key, whose
    /// reaction source ids start with the message id, so it reads only that message's entries however long the ledger.
    /// </summary>
    internal const string PointsOnMessageSql = """
        SELECT SUM(amount) FROM ambassador_entries
        WHERE guild_id = @guildId AND source_kind = @kind AND source_id >= @from AND source_id < @to AND amount > 0
        """;

    /// <summary>"message:reactor:emoji", so all reactions on a message sort together (see reversal of a removed message).</summary>
    public static string ReactionSourceId(ulong messageId, ulong reactorId, string emoji)
    {
        var id = $"{messageId}:{reactorId}:{emoji}";
        return id.Length <= Ledger.MaxSourceIdLength ? id : id[..Ledger.MaxSourceIdLength];
    }

    /// <summary>At most this many expired hashes go with each new one: more than it adds, so the table stays about one window long.</summary>
    public const int HashPruneBatch = 100;

    /// <summary>
    /// Deletes a bounded batch of this guild's hashes that are older than its window: they can deny nothing any more
    /// (an old repeat is refreshed, or inserted anew, just the same). Done with the write that adds a hash, inside its
    /// transaction, so the table cannot outgrow the activity that fills it and no sweeper (with its own schedule,
    /// per-guild windows and shutdown) is needed. It stays on the award path because its cost cannot grow with the
    /// table: the subquery is a range seek on (guild_id, seen_at) (migration 002) that stops after the batch or at the
    /// first unexpired row, and each chosen row is deleted through the primary key. Nothing expired costs one seek;
    /// a backlog (a shortened window, a long pause) costs at most the batch per award until it is gone. The outer
    /// WHERE names no seen_at on purpose: with one, SQLite drives the delete from the seen_at range instead, reading
    /// every expired row of the guild (EarningRulesStorageTests pins both plans).
    /// </summary>
    internal static readonly string PruneExpiredHashesSql = $"""
        DELETE FROM ambassador_message_hashes
        WHERE guild_id = @guildId AND (member_id, content_hash) IN (
            SELECT member_id, content_hash FROM ambassador_message_hashes
            WHERE guild_id = @guildId AND seen_at < @windowStart ORDER BY seen_at LIMIT {HashPruneBatch})
        """;

    private static Task<int> PruneExpiredHashesAsync(LedgerSession s, ulong guildId, DateTimeOffset windowStart) =>
        s.ExecutePreparedAsync(PruneExpiredHashesSql, ("@guildId", guildId), ("@windowStart", windowStart));

    private static int Capped(int amount, int cap, int used) => cap > 0 ? Math.Min(amount, cap - used) : amount;

    /// <summary>Case, spacing and surrounding punctuation do not make a repeat "different".</summary>
    public static long ContentHash(string content)
    {
        var normalised = new StringBuilder(content.Length);
        var space = false;
        foreach (var c in content.Trim().ToLowerInvariant())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space && normalised.Length > 0) normalised.Append(' ');
            space = false;
            normalised.Append(c);
        }
        var text = normalised.ToString().Trim('.', '!', '?', ',', ' ');
        return BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
    }
}
