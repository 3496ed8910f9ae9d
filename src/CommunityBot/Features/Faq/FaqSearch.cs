using System.Data.Common;
using System.Text;
using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Finds published entries for a free-text query in English or Korean. The query becomes stems
/// (<see cref="FaqText.SearchTerms"/>) matched as substrings, so partial words ("passw") and words carrying
/// particles ("비밀번호를" → "비밀번호") find their entry. Stems of 3+ characters go through the trigram index
/// (SQLite FTS5 trigram, PostgreSQL pg_trgm); shorter ones (Korean two-syllable words such as "결제") cannot use
/// trigrams and are matched against questions and aliases directly. Entries containing every stem rank first
/// (question and alias matches above answer matches); if fewer than wanted do, entries matching any stem follow.
/// </summary>
public sealed class FaqSearch(IDbConnectionFactory db)
{
    public async Task<IReadOnlyList<FaqHit>> SearchAsync(ulong guildId, string query, int limit = 10, CancellationToken ct = default)
    {
        var terms = FaqText.SearchTerms(query);
        if (terms.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        var hits = new List<FaqHit>();
        foreach (var all in new[] { true, false })
        {
            if (!all && terms.Count == 1) break;
            var found = db.Provider == DatabaseProvider.Sqlite
                ? await SqliteAsync(c, guildId, terms, all, limit, hits, ct)
                : await PostgresAsync(c, guildId, terms, all, limit, hits, ct);
            hits.AddRange(found);
            if (hits.Count >= limit) break;
        }
        return hits;
    }

    /// <summary>Entries for autocomplete: matches for what was typed so far, or the most used ones when nothing is typed.</summary>
    public async Task<IReadOnlyList<FaqHit>> SuggestAsync(ulong guildId, string partial, int limit = 25, CancellationToken ct = default)
    {
        if (FaqText.SearchTerms(partial).Count > 0) return await SearchAsync(guildId, partial, limit, ct);
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<FaqHit>(new CommandDefinition("""
            SELECT id, question, tags, use_count AS UseCount, CAST(0 AS DOUBLE PRECISION) AS Rank FROM faq_entries
            WHERE guild_id = @guildId AND status = 'published' ORDER BY use_count DESC, id LIMIT @limit
            """, new { guildId, limit }, cancellationToken: ct))).ToList();
    }

    private static async Task<IEnumerable<FaqHit>> SqliteAsync(DbConnection c, ulong guildId, IReadOnlyList<string> terms, bool all, int limit,
        IReadOnlyCollection<FaqHit> already, CancellationToken ct)
    {
        var p = new DynamicParameters(new { guildId, limit = limit - already.Count });
        var longTerms = terms.Where(t => t.Length >= 3).ToList();
        var shortTerms = terms.Where(t => t.Length < 3).ToList();
        var exclude = ExcludeClause(already, p);
        string sql;
        if (longTerms.Count > 0)
        {
            // FTS5 strings are double-quoted with inner quotes doubled; with the trigram tokenizer each is a substring.
            p.Add("match", string.Join(all ? " AND " : " OR ", longTerms.Select(t => "\"" + t.Replace("\"", "\"\"") + "\"")));
            var shortFilter = all ? ShortTermsClause(shortTerms, "e.search_text", all, p) : "";
            // bm25 weights: guild_id (unindexed), question, aliases, tags, answer. Lower bm25 is better.
            sql = $"""
                SELECT e.id, e.question, e.tags, e.use_count AS UseCount, bm25(faq_search, 0.0, 10.0, 8.0, 4.0, 1.0) AS Rank
                FROM faq_search JOIN faq_entries e ON e.id = faq_search.rowid
                WHERE faq_search MATCH @match AND faq_search.guild_id = @guildId {shortFilter} {exclude}
                ORDER BY Rank, e.use_count DESC, e.id LIMIT @limit
                """;
        }
        else
        {
            // Only 1–2 character stems: no trigram to use, so scan questions and aliases of this guild's published entries.
            sql = $"""
                SELECT e.id, e.question, e.tags, e.use_count AS UseCount,
                       CASE WHEN instr(e.question, @t0) > 0 THEN 0.0 ELSE 1.0 END AS Rank
                FROM faq_entries e
                WHERE e.guild_id = @guildId AND e.status = 'published' {ShortTermsClause(shortTerms, "e.title_text", all, p)} {exclude}
                ORDER BY Rank, e.use_count DESC, e.id LIMIT @limit
                """;
        }
        return await c.QueryAsync<FaqHit>(new CommandDefinition(sql, p, cancellationToken: ct));
    }

    private static async Task<IEnumerable<FaqHit>> PostgresAsync(DbConnection c, ulong guildId, IReadOnlyList<string> terms, bool all, int limit,
        IReadOnlyCollection<FaqHit> already, CancellationToken ct)
    {
        var p = new DynamicParameters(new { guildId, limit = limit - already.Count });
        var longTerms = terms.Where(t => t.Length >= 3).ToList();
        // As on SQLite: short stems search questions and aliases unless a longer stem narrows the candidates first.
        var column = longTerms.Count > 0 ? "e.search_text" : "e.title_text";
        var conditions = new List<string>();
        var score = new StringBuilder("0");
        for (var i = 0; i < terms.Count; i++)
        {
            p.Add($"t{i}", "%" + EscapeLike(terms[i]) + "%");
            var searchIn = terms[i].Length >= 3 || all ? column : "e.title_text";
            conditions.Add($"{searchIn} LIKE @t{i}");
            // Where a stem appears weighs like SQLite's bm25 column weights: question, then aliases/tags, then answer.
            score.Append($" + CASE WHEN lower(e.question) LIKE @t{i} THEN 10 WHEN e.title_text LIKE @t{i} THEN 8 WHEN e.tags LIKE @t{i} THEN 4 WHEN e.search_text LIKE @t{i} THEN 1 ELSE 0 END");
        }
        var sql = $"""
            SELECT e.id, e.question, e.tags, e.use_count AS UseCount, CAST(-({score}) AS DOUBLE PRECISION) AS Rank
            FROM faq_entries e
            WHERE e.guild_id = @guildId AND e.status = 'published' AND ({string.Join(all ? " AND " : " OR ", conditions)}) {ExcludeClause(already, p)}
            ORDER BY Rank, e.use_count DESC, e.id LIMIT @limit
            """;
        return await c.QueryAsync<FaqHit>(new CommandDefinition(sql, p, cancellationToken: ct));
    }

    private static string ShortTermsClause(IReadOnlyList<string> shortTerms, string column, bool all, DynamicParameters p)
    {
        if (shortTerms.Count == 0) return "";
        var parts = new List<string>();
        for (var i = 0; i < shortTerms.Count; i++)
        {
            p.Add($"t{i}", shortTerms[i]);
            parts.Add($"instr({column}, @t{i}) > 0");
        }
        return $"AND ({string.Join(all ? " AND " : " OR ", parts)})";
    }

    private static string ExcludeClause(IReadOnlyCollection<FaqHit> already, DynamicParameters p)
    {
        if (already.Count == 0) return "";
        var names = new List<string>();
        foreach (var (hit, i) in already.Select((h, i) => (h, i)))
        {
            p.Add($"x{i}", hit.Id);
            names.Add($"@x{i}");
        }
        return $"AND e.id NOT IN ({string.Join(", ", names)})";
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
