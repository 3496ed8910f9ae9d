using CommunityBot.Hosting;

namespace CommunityBot.Features.Moderation.Cases;

public sealed record EscalationDecision(EscalationStep Step, ModerationRequest Request);

/// <summary>
/// The configured ladder ("3 warnings in 30 days → 1 h timeout; 5 → kick"). A step fires when a warning makes the
/// count of standing warnings in its window reach exactly its threshold, so it fires once per threshold; the
/// action is keyed on the triggering case and links every warning that counted.
/// </summary>
public sealed class EscalationLadder(CaseRepository cases, BotIdentity bot, TimeProvider time)
{
    public async Task<EscalationDecision?> NextStepAsync(ModCase warning, ModerationSettings settings, CancellationToken ct = default)
    {
        EscalationDecision? chosen = null;
        foreach (var step in settings.Escalation.OrderBy(s => s.Warnings))
        {
            var since = time.GetUtcNow() - TimeSpan.FromDays(step.WithinDays);
            var standing = await cases.ActiveWarningsSinceAsync(warning.GuildId, warning.TargetId, since, ct);
            if (standing.Count != step.Warnings || standing.All(w => w.Id != warning.Id)) continue;
            var linked = standing.Select(w => w.CaseNumber).ToArray();
            chosen = new EscalationDecision(step, new ModerationRequest
            {
                GuildId = warning.GuildId,
                Kind = step.Action switch { EscalationAction.Kick => CaseKinds.Kick, EscalationAction.Ban => CaseKinds.Ban, _ => CaseKinds.Timeout },
                TargetId = warning.TargetId,
                // Automatic: the bot acts, so only the bot's own rank limits it.
                ModeratorId = bot.UserId,
                Reason = $"Escalation: {step.Warnings} warnings within {step.WithinDays} days (cases {string.Join(", ", linked.Select(n => "#" + n))})",
                Source = CaseSources.Escalation,
                IdempotencyKey = $"escalation:{warning.CaseNumber}",
                Duration = step.Action == EscalationAction.Timeout ? TimeSpan.FromMinutes(step.DurationMinutes) : null,
                LinkedCases = linked,
            });
        }
        return chosen;
    }
}
