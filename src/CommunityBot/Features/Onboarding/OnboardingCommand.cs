using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Onboarding.Resources;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// <c>/onboarding publish</c> (admins) posts the rules message with its "I accept" button, or edits the one
/// posted before; <c>/onboarding stats [days]</c> (moderators) shows the activation funnel.
/// </summary>
public sealed class OnboardingCommand(
    OnboardingRepository repository,
    IDiscordRestClient rest,
    GuildDirectory guilds,
    InviteTracker invites,
    TimeProvider time,
    Localiser<OnboardingStrings> strings) : IApplicationCommand
{
    public const int DefaultDays = 30;

    public ApplicationCommand Definition => Command.Slash("onboarding", "Newcomer onboarding: the rules message and the activation funnel", AccessLevel.Moderator,
        Option.Sub("publish", "Post or update the rules message with its \"I accept\" button (admins)"),
        Option.Sub("stats", "Where newcomers drop off: the funnel of members who joined recently",
            Option.Integer("days", $"How many days back to look (default {DefaultDays})", min: 1, max: 365))).Localised(strings);

    public AccessLevel Access => AccessLevel.Moderator;

    public Task ExecuteAsync(InteractionContext ctx) => ctx.Options.Subcommand switch
    {
        "publish" => PublishAsync(ctx),
        "stats" => StatsAsync(ctx),
        _ => throw new InteractionRefusedException(strings.Get(ctx.Culture, "UseSubcommand")),
    };

    private async Task PublishAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Admin);
        var settings = ctx.Section<OnboardingSettings>("Onboarding");
        var rules = settings.Rules ?? throw new InteractionRefusedException(strings.Get(ctx.Culture, "NoRulesSection"));
        var guild = await guilds.GetAsync(ctx.GuildId);
        // Everyone reads the one rules message: it is in the server's language, whoever publishes it.
        var embed = RulesMessage.Embed(rules, new TemplateValues(guild.Name, settings.Channels), ctx.GuildCulture);
        var components = RulesMessage.Components(settings, ctx.GuildCulture);

        var published = await repository.GetRulesMessageAsync(ctx.GuildId);
        string outcome;
        if (published is { } existing && existing.ChannelId == rules.ChannelId && await TryEditAsync(existing, embed, components))
        {
            outcome = "Published.Updated";
        }
        else
        {
            var message = await rest.CreateMessageAsync(rules.ChannelId, new CreateMessageRequest { Embeds = [embed], Components = components });
            published = new RulesMessageRef(rules.ChannelId, message.Id);
            await repository.SaveRulesMessageAsync(ctx.GuildId, published, time.GetUtcNow());
            outcome = "Published.Posted";
        }
        await ctx.RespondAsync(strings.Get(ctx.Culture, outcome, ("channel", $"<#{rules.ChannelId}>"), ("url", RulesMessage.JumpUrl(ctx.GuildId, published))), ephemeral: true);
    }

    /// <summary>False when the old message is gone (deleted by someone), so a new one is posted instead.</summary>
    private async Task<bool> TryEditAsync(RulesMessageRef message, Embed embed, Component[] components)
    {
        try
        {
            await rest.EditMessageAsync(message.ChannelId, message.MessageId, new EditMessageRequest { Content = "", Embeds = [embed], Components = components });
            return true;
        }
        catch (DiscordRestException ex) when (ex.Code is DiscordRestException.UnknownMessage or 10003)
        {
            return false;
        }
    }

    private async Task StatsAsync(InteractionContext ctx)
    {
        ctx.Section<OnboardingSettings>("Onboarding");
        var days = (int)(ctx.Options.Integer("days", min: 1, max: 365) ?? DefaultDays);
        var now = time.GetUtcNow();
        var cohort = await repository.ListCohortAsync(ctx.GuildId, now.AddDays(-days));
        var report = FunnelReport.Compute(cohort.ToList(), now, days);
        await ctx.RespondAsync(embeds: [report.ToEmbed(invites.CanTrack(ctx.GuildId), ctx.Culture)], ephemeral: true);
    }
}
