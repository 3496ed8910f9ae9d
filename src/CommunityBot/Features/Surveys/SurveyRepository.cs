using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Surveys;

public sealed record SurveyResponse(long Id, ulong MemberId, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, IReadOnlyDictionary<string, string> Answers);

/// <summary>Survey answers, one response per member per survey; saving a page again replaces that page's answers.</summary>
public sealed class SurveyRepository(IDbConnectionFactory db)
{
    public async Task SavePageAsync(ulong guildId, string surveyId, ulong memberId, IReadOnlyDictionary<string, string?> answers, bool completes,
        DateTimeOffset now, CancellationToken ct = default)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var responseId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO survey_responses (guild_id, survey_id, member_id, started_at, updated_at) VALUES (@guildId, @surveyId, @memberId, @at, @at)
            ON CONFLICT (guild_id, survey_id, member_id) DO UPDATE SET updated_at = excluded.updated_at
            RETURNING id
            """, new { guildId, surveyId, memberId, at }, tx, cancellationToken: ct));
        foreach (var (questionId, answer) in answers)
        {
            if (string.IsNullOrWhiteSpace(answer))
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM survey_answers WHERE response_id = @responseId AND question_id = @questionId", new { responseId, questionId }, tx, cancellationToken: ct));
            else
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO survey_answers (response_id, question_id, answer) VALUES (@responseId, @questionId, @answer)
                    ON CONFLICT (response_id, question_id) DO UPDATE SET answer = excluded.answer
                    """, new { responseId, questionId, answer = answer.Trim() }, tx, cancellationToken: ct));
        }
        if (completes)
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE survey_responses SET completed_at = COALESCE(completed_at, @at) WHERE id = @responseId", new { responseId, at }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> AnswersOfAsync(ulong guildId, string surveyId, ulong memberId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(string QuestionId, string Answer)>(new CommandDefinition("""
            SELECT a.question_id, a.answer FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
            WHERE r.guild_id = @guildId AND r.survey_id = @surveyId AND r.member_id = @memberId
            """, new { guildId, surveyId, memberId }, cancellationToken: ct))).ToDictionary(r => r.QuestionId, r => r.Answer);
    }

    public async Task<IReadOnlyList<SurveyResponse>> ResponsesAsync(ulong guildId, string surveyId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var responses = (await connection.QueryAsync<(long Id, long MemberId, long UpdatedAt, long? CompletedAt)>(new CommandDefinition(
            "SELECT id, member_id, updated_at, completed_at FROM survey_responses WHERE guild_id = @guildId AND survey_id = @surveyId ORDER BY id",
            new { guildId, surveyId }, cancellationToken: ct))).ToList();
        var answers = (await connection.QueryAsync<(long ResponseId, string QuestionId, string Answer)>(new CommandDefinition("""
            SELECT a.response_id, a.question_id, a.answer FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
            WHERE r.guild_id = @guildId AND r.survey_id = @surveyId
            """, new { guildId, surveyId }, cancellationToken: ct))).ToLookup(a => a.ResponseId);
        return responses.Select(r => new SurveyResponse(r.Id, unchecked((ulong)r.MemberId), DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt),
            r.CompletedAt is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c) : null,
            answers[r.Id].ToDictionary(a => a.QuestionId, a => a.Answer))).ToList();
    }
}
