using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Moderation.Appeals;

/// <summary>
/// Appeal button (in the sanction DM) → modal → card with Accept/Deny in the appeals channel → a moderator decides:
/// accepting lifts the sanction (timeout lifted, ban lifted, warning withdrawn so it stops counting toward
/// escalation) as a case of its own; either way the member is told.
/// </summary>
public sealed class AppealFlow(
    CaseRepository cases,
    AppealRepository appeals,
    ModerationService moderation,
    IDiscordRestClient rest,
    ICommunityConfig config,
    ILogger<AppealFlow> logger)
{
    public const int MaxText = 1000;

    public async Task OpenAsync(InteractionContext ctx, long caseId)
    {
        var c = await AppealableCaseAsync(ctx, caseId);
        await ctx.ShowModalAsync(CustomId.Create(ModerationFeature.Prefix, "appealsubmit", c.Id), $"Appeal case #{c.CaseNumber}",
            Component.LabeledTextInput("text", "Why should this be lifted?", TextInputStyles.Paragraph, required: true, maxLength: MaxText));
    }

    public async Task SubmitAsync(InteractionContext ctx, long caseId)
    {
        var c = await AppealableCaseAsync(ctx, caseId);
        var text = ctx.RequiredModalValue("text", "Why should this be lifted?", MaxText);
        var appeal = await appeals.CreateAsync(c.GuildId, c.Id, ctx.UserId, text) ?? throw new InteractionRefusedException("You have already appealed this case.");
        await PostCardAsync(c, appeal);
        await ctx.RespondAsync("Your appeal was sent to the moderators. You'll get a DM with their decision.");
    }

    /// <summary>The appeal's card in the appeals channel, with Accept / Deny for moderators.</summary>
    public async Task PostCardAsync(ModCase c, Appeal appeal)
    {
        var channel = Settings(c.GuildId).AppealsChannelId ?? throw new InteractionRefusedException("Appeals are not open on that server.");
        var card = await rest.CreateMessageAsync(channel, new CreateMessageRequest
        {
            Embeds = [Card(c, appeal, null)],
            Components = [Component.Row(
                Component.Button(CustomId.Create(ModerationFeature.Prefix, "appealaccept", appeal.Id), "Accept (lift)", ButtonStyles.Success),
                Component.Button(CustomId.Create(ModerationFeature.Prefix, "appealdeny", appeal.Id), "Deny", ButtonStyles.Danger))],
        });
        await appeals.SetCardAsync(appeal.Id, channel, card.Id);
    }

    public async Task DecideAsync(InteractionContext ctx, long appealId, bool accept)
    {
        ctx.Require(AccessLevel.Moderator);
        var appeal = await appeals.GetAsync(appealId) ?? throw new InteractionRefusedException("This appeal does not exist any more.");
        if (appeal.GuildId != ctx.GuildId) throw new InteractionRefusedException("This appeal belongs to another server.");
        var c = (await cases.GetAsync(appeal.CaseId))!;
        if (!await appeals.DecideAsync(appealId, accept ? AppealStatus.Accepted : AppealStatus.Denied, ctx.UserId))
            throw new InteractionRefusedException("Another moderator already decided this appeal.");

        string verdict;
        if (accept)
        {
            var lifted = await moderation.ExecuteAsync(new ModerationRequest
            {
                GuildId = c.GuildId, TargetId = c.TargetId, ModeratorId = ctx.UserId, ModeratorRoleIds = ctx.MemberRoles,
                Kind = c.Kind switch { CaseKinds.Timeout => CaseKinds.Untimeout, CaseKinds.Ban => CaseKinds.Unban, _ => CaseKinds.Pardon },
                Reason = $"Appeal accepted for case #{c.CaseNumber}", Source = CaseSources.Appeal, IdempotencyKey = $"appeal:{appeal.Id}",
                LinkedCases = [c.CaseNumber],
            });
            verdict = $"✅ Accepted by <@{ctx.UserId}>: {lifted.Summary}";
        }
        else
        {
            verdict = $"❌ Denied by <@{ctx.UserId}>";
        }
        await ctx.UpdateMessageAsync(embeds: [Card(c, appeal, verdict)], components: []);
        await TellMemberAsync(c, accept);
    }

    private async Task<ModCase> AppealableCaseAsync(InteractionContext ctx, long caseId)
    {
        var c = await cases.GetAsync(caseId) ?? throw new InteractionRefusedException("This case does not exist any more.");
        if (c.TargetId != ctx.UserId) throw new InteractionRefusedException("Only the member this case is about can appeal it.");
        if (!CaseKinds.Appealable(c.Kind) || c.Revoked == 1) throw new InteractionRefusedException("This case cannot be appealed.");
        if (Settings(c.GuildId).AppealsChannelId is null) throw new InteractionRefusedException("Appeals are not open on that server.");
        if (await appeals.ForCaseAsync(c.Id) is not null) throw new InteractionRefusedException("You have already appealed this case.");
        return c;
    }

    private ModerationSettings Settings(ulong guildId) =>
        config.Guild(guildId)?.Section<ModerationSettings>() ?? throw new InteractionRefusedException("Moderation is not set up on that server any more.");

    private static Embed Card(ModCase c, Appeal appeal, string? verdict) => new()
    {
        Title = $"Appeal of case #{c.CaseNumber} · {CaseKinds.Label(c.Kind)}",
        Color = verdict is null ? 0x3498DB : verdict.StartsWith('✅') ? 0x2ECC71 : 0x95A5A6,
        Fields =
        [
            new EmbedField { Name = "Member", Value = $"<@{c.TargetId}> ({c.TargetId})", Inline = true },
            new EmbedField { Name = "Original reason", Value = CaseMessages.Clip(c.Reason, 1024) },
            new EmbedField { Name = "Appeal", Value = CaseMessages.Quote(appeal.Text, 1024) },
            new EmbedField { Name = "Decision", Value = verdict ?? "Waiting for a moderator" },
        ],
    };

    private async Task TellMemberAsync(ModCase c, bool accepted)
    {
        try
        {
            var dm = await rest.CreateDmAsync(c.TargetId);
            await rest.CreateMessageAsync(dm.Id, new CreateMessageRequest
            {
                Content = accepted
                    ? $"✅ Your appeal of case #{c.CaseNumber} was accepted; the {c.Kind} has been lifted."
                    : $"Your appeal of case #{c.CaseNumber} was reviewed and denied; the {c.Kind} stands.",
            });
        }
        catch (DiscordRestException ex)
        {
            logger.LogInformation("Could not tell {Member} about their appeal of case #{Case}: {Error}", c.TargetId, c.CaseNumber, ex.Message);
        }
    }
}
