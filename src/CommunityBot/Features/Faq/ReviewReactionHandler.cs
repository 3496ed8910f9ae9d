using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Faq;

/// <summary>
/// ✅ / ❌ on a review card approves or rejects the proposal — the same gesture as the mod queue. The card is
/// found through the database (not a cache), so cards posted before a restart work; reactions by anyone who is
/// not a moderator, by the bot itself, or on decided cards change nothing.
/// </summary>
public sealed class ReviewReactionHandler(
    ICommunityConfig config,
    FaqRepository repository,
    FaqWorkflow workflow,
    MemberAccess access,
    BotIdentity bot,
    ILogger<ReviewReactionHandler> logger) : IEventHandler<MessageReactionAddEvent>
{
    public async Task HandleAsync(MessageReactionAddEvent evt, CancellationToken ct)
    {
        if (config.Guild(evt.GuildId) is not { } guild || guild.Section<FaqSettings>() is not { } settings) return;
        if (evt.ChannelId != settings.ReviewChannelId || evt.UserId == bot.UserId) return;
        var approve = evt.Emoji.Name switch { FaqCards.Approve => true, FaqCards.Reject => false, _ => (bool?)null };
        if (approve is null || evt.Emoji.Id is not null) return;

        if (await repository.GetByReviewCardAsync(evt.MessageId, ct) is not { Status: FaqStatus.Proposed } entry || entry.GuildId != guild.GuildId) return;
        if (!await access.IsModeratorAsync(guild, evt.UserId, evt.Member?.Roles ?? [], ct))
        {
            logger.LogDebug("Ignoring {Emoji} on FAQ card #{Id} by non-moderator {User}", evt.Emoji.Name, entry.Id, evt.UserId);
            return;
        }
        if (await workflow.DecideAsync(guild.GuildId, entry.Id, approve.Value, evt.UserId, ct))
            logger.LogInformation("FAQ #{Id} {Decision} by {Moderator} (reaction)", entry.Id, approve.Value ? "approved" : "rejected", evt.UserId);
    }
}
