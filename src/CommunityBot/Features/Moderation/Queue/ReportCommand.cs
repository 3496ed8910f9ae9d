using System.Collections.Concurrent;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Moderation.Queue;

/// <summary>
/// Messages being reported, between the context-menu click and the modal submit (which does not carry the message):
/// the content as the reporter saw it. Bounded and short-lived; a miss falls back to fetching the message.
/// </summary>
public sealed class ReportDrafts
{
    private const int Capacity = 2000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<(ulong Reporter, ulong Message), (DateTimeOffset At, Message Message)> _drafts = new();

    public void Put(ulong reporter, Message message, DateTimeOffset now)
    {
        if (_drafts.Count >= Capacity)
            foreach (var (key, value) in _drafts)
                if (now - value.At > Lifetime || _drafts.Count >= Capacity) _drafts.TryRemove(key, out _);
        _drafts[(reporter, message.Id)] = (now, message);
    }

    public Message? Take(ulong reporter, ulong messageId, DateTimeOffset now) =>
        _drafts.TryRemove((reporter, messageId), out var draft) && now - draft.At <= Lifetime ? draft.Message : null;
}

/// <summary>Message context menu "Report to moderators": asks for an optional reason, then sends the message to the queue.</summary>
public sealed class ReportCommand(ReportDrafts drafts, TimeProvider time) : IApplicationCommand
{
    public const string Name = "Report to moderators";
    public const int MaxReason = 500;

    public ApplicationCommand Definition { get; } = Command.MessageMenu(Name);

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<ModerationSettings>("Moderation");
        if (settings.ModQueueChannelId is null) throw new InteractionRefusedException("Reports are not set up on this server (no mod-queue channel).");
        var targetId = ctx.Interaction.Data?.TargetId ?? throw new InteractionRefusedException("Pick a message to report.");
        var message = ctx.Interaction.Data?.Resolved?.Messages?.GetValueOrDefault(targetId);
        if (message is not null) drafts.Put(ctx.UserId, message, time.GetUtcNow());
        await ctx.ShowModalAsync(CustomId.Create(ModerationFeature.Prefix, "report", ctx.ChannelId, targetId), "Report to moderators",
            Component.LabeledTextInput("reason", "What is wrong with this message? (optional)", TextInputStyles.Paragraph, required: false, maxLength: MaxReason));
    }
}

/// <summary>The report modal's submit: the message joins the queue (a card it is already on gets this report added).</summary>
public sealed class ReportSubmission(ReportDrafts drafts, ModQueue queue, IDiscordRestClient rest, TimeProvider time)
{
    public async Task HandleAsync(InteractionContext ctx, CustomId id)
    {
        ctx.Section<ModerationSettings>("Moderation");
        var channelId = id.SnowflakeArg(0);
        var messageId = id.SnowflakeArg(1);
        var reason = ctx.ModalValue("reason")?.Trim() ?? "";
        if (reason.Length > ReportCommand.MaxReason) throw new InteractionRefusedException($"`reason` must be at most {ReportCommand.MaxReason} characters (it has {reason.Length}).");

        var message = drafts.Take(ctx.UserId, messageId, time.GetUtcNow()) ?? await FetchAsync(channelId, messageId)
            ?? throw new InteractionRefusedException("That message no longer exists, so there is nothing to report.");
        if (message.Author?.Id == ctx.UserId) throw new InteractionRefusedException("You can't report your own message.");
        await queue.FlagAsync(FlaggedMessage.From(message with { ChannelId = channelId }, ctx.GuildId), FlagSources.Report, ctx.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ctx.UserId, reason.Length > 0 ? reason : "(no reason given)");
        await ctx.RespondAsync("Thanks — the moderators have your report. You'll get a DM when they have looked at it.");
    }

    private async Task<Message?> FetchAsync(ulong channelId, ulong messageId)
    {
        try { return await rest.GetMessageAsync(channelId, messageId); }
        catch (DiscordRestException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound) { return null; }
    }
}
