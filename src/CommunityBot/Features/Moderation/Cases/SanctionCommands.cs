using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Moderation.Cases;

/// <summary>
/// /warn, /timeout, /untimeout, /kick, /ban, /unban: one shape — a member, a reason, sometimes a duration — so one
/// base class runs them through <see cref="ModerationService"/>; each command only says what it is.
/// </summary>
public abstract class SanctionCommand(ModerationService moderation) : IApplicationCommand
{
    protected abstract string Kind { get; }
    public abstract ApplicationCommand Definition { get; }
    public AccessLevel Access => AccessLevel.Moderator;

    protected static ApplicationCommandOption Member(string what) => Option.User("member", what, required: true);
    protected static ApplicationCommandOption Reason => Option.String("reason", "Why (shown to the member and in the audit log)", maxLength: CaseMessages.MaxReason);

    protected virtual TimeSpan? Duration(InteractionContext ctx) => null;
    protected virtual int DeleteMessageSeconds(InteractionContext ctx) => 0;

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        ctx.Section<ModerationSettings>("Moderation");
        var target = ctx.Options.RequiredSnowflake(Kind is CaseKinds.Unban ? "user" : "member");
        var outcome = await moderation.ExecuteAsync(new ModerationRequest
        {
            GuildId = ctx.GuildId, Kind = Kind, TargetId = target, ModeratorId = ctx.UserId, ModeratorRoleIds = ctx.MemberRoles,
            Reason = ctx.Options.String("reason", CaseMessages.MaxReason) is { Length: > 0 } r ? r : "No reason given",
            Source = CaseSources.Command, IdempotencyKey = $"interaction:{ctx.Interaction.Id}",
            Duration = Duration(ctx), DeleteMessageSeconds = DeleteMessageSeconds(ctx),
        });
        await ctx.RespondAsync($"{outcome.Summary} — <@{target}>.");
    }
}

public sealed class WarnCommand(ModerationService m) : SanctionCommand(m)
{
    protected override string Kind => CaseKinds.Warn;
    public override ApplicationCommand Definition { get; } = Command.Slash("warn", "Warn a member (recorded as a case; may trigger the escalation ladder)", AccessLevel.Moderator, Member("Who to warn"), Reason);
}

public sealed class TimeoutCommand(ModerationService m) : SanctionCommand(m)
{
    protected override string Kind => CaseKinds.Timeout;
    public override ApplicationCommand Definition { get; } = Command.Slash("timeout", "Time a member out (they cannot talk or react)", AccessLevel.Moderator,
        Member("Who to time out"), Option.String("duration", "How long: 10m, 2h, 1d (max 28d)", required: true, maxLength: 20), Reason);

    protected override TimeSpan? Duration(InteractionContext ctx) =>
        Durations.Parse(ctx.Options.RequiredString("duration", 20)) ?? throw CommandOptions.Refuse("duration", "must look like `10m`, `2h`, `1d` or `1h30m`");
}

public sealed class UntimeoutCommand(ModerationService m) : SanctionCommand(m)
{
    protected override string Kind => CaseKinds.Untimeout;
    public override ApplicationCommand Definition { get; } = Command.Slash("untimeout", "Lift a member's timeout", AccessLevel.Moderator, Member("Whose timeout to lift"), Reason);
}

public sealed class KickCommand(ModerationService m) : SanctionCommand(m)
{
    protected override string Kind => CaseKinds.Kick;
    public override ApplicationCommand Definition { get; } = Command.Slash("kick", "Kick a member (they are DMed the reason first)", AccessLevel.Moderator, Member("Who to kick"), Reason);
}

public sealed class BanCommand(ModerationService m) : SanctionCommand(m)
{
    protected override string Kind => CaseKinds.Ban;
    public override ApplicationCommand Definition { get; } = Command.Slash("ban", "Ban a member (they are DMed the reason first)", AccessLevel.Moderator,
        Member("Who to ban"), Reason, Option.Integer("delete_days", "Delete their messages from the last N days (0-7)", min: 0, max: 7));

    protected override int DeleteMessageSeconds(InteractionContext ctx) => (int)(ctx.Options.Integer("delete_days", 0, 7) ?? 0) * 86400;
}

public sealed class UnbanCommand(ModerationService m) : SanctionCommand(m)
{
    protected override string Kind => CaseKinds.Unban;
    public override ApplicationCommand Definition { get; } = Command.Slash("unban", "Lift a ban", AccessLevel.Moderator,
        Option.User("user", "Who to unban (a user id works)", required: true), Reason);
}
