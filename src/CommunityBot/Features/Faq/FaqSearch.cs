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

    /// <summary>How many of the newest matching entries a SQLite pass ranks.</summary>
    private const int Window = 200;

    /// <summary>
    /// SQLite runs up to four passes, stopping once enough hits are found: every stem in a question, alias or tag
    /// (the small title index, where two-character stems match through their pair trigrams); every stem anywhere,
    /// answers included; then the same two with any stem. Each pass takes the newest <see cref="Window"/> matching
    /// entries of the guild from the index (FTS5 walks its doclists in rowid order and stops there) and ranks only
    /// those: by where the stems appear, then a shorter (more specific) question, then use. Ranking every match
    /// with bm25 instead costs tens of milliseconds for a common word over 50,000 entries.
    /// </summary>
    private static async Task<IEnumerable<FaqHit>> SqliteAsync(DbConnection c, ulong guildId, IReadOnlyList<string> terms, bool all, int limit,
        IReadOnlyCollection<FaqHit> already, CancellationToken ct)
    {
        var longTerms = terms.Where(t => t.Length >= 3).ToList();
        var pairTerms = terms.Where(t => t.Length == 2).ToList();
        var op = all ? " AND " : " OR ";
        var titleMatch = string.Join(op, longTerms.Select(Phrase).Concat(pairTerms.Select(t => "pairs : " + Phrase(t + FaqText.PairMark))));
        var passes = new List<(string Table, string Match)>();
        if (titleMatch.Length > 0) passes.Add(("faq_search_titles", titleMatch));
        if (longTerms.Count > 0) passes.Add(("faq_search", string.Join(op, longTerms.Select(Phrase))));
        if (passes.Count == 0) passes.Add(("", "")); // one-character words only

        var hits = new List<FaqHit>(already);
        foreach (var (table, match) in passes)
        {
            var p = new DynamicParameters(new { guildId, limit = limit - hits.Count, window = Window, match });
            var rank = RankExpression(terms, p);
            var shortTerms = terms.Where(t => t.Length < (table == "faq_search_titles" ? 2 : 3)).ToList();
            var candidates = table.Length == 0
                ? $"""
                  SELECT e.id FROM faq_entries e INDEXED BY ix_faq_entries_titles
                  WHERE e.guild_id = @guildId AND e.status = 'published' {ShortTermsClause(shortTerms, "e.title_text", all, p)}
                  ORDER BY e.id DESC LIMIT @window
                  """
                : $"""
                  SELECT s.rowid AS id FROM {table} s JOIN faq_entries w ON w.id = s.rowid
                  WHERE {table} MATCH @match AND w.guild_id = @guildId AND w.status = 'published' {(all ? ShortTermsClause(shortTerms, "w.search_text", true, p) : "")}
                  ORDER BY s.rowid DESC LIMIT @window
                  """;
            var sql = $"""
                WITH candidates AS ({candidates})
                SELECT e.id, e.question, e.tags, e.use_count AS UseCount, {rank} AS Rank
                FROM candidates JOIN faq_entries e ON e.id = candidates.id
                WHERE 1 = 1 {ExcludeClause(hits, p)}
                ORDER BY Rank, e.use_count DESC, e.id LIMIT @limit
                """;
            hits.AddRange(await c.QueryAsync<FaqHit>(new CommandDefinition(sql, p, cancellationToken: ct)));
            if (hits.Count >= limit) break;
        }
        return hits.Skip(already.Count);
    }

    /// <summary>An FTS5 string: double-quoted, inner quotes doubled; with the trigram tokenizer it matches as a substring.</summary>
    private static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"") + "\"";

    /// <summary>Lower is better: a stem in the question or an alias weighs 10, in the tags 4, in the answer 1; shorter questions break ties.</summary>
    private static string RankExpression(IReadOnlyList<string> terms, DynamicParameters p)
    {
        var parts = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            p.Add($"r{i}", terms[i]);
            parts.Add($"CASE WHEN instr(e.title_text, @r{i}) > 0 THEN 10 WHEN instr(e.tags, @r{i}) > 0 THEN 4 WHEN instr(e.search_text, @r{i}) > 0 THEN 1 ELSE 0 END");
        }
        return $"(length(e.question) / 1000.0 - ({string.Join(" + ", parts)}))";
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
