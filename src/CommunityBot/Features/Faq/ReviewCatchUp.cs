using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Faq;

/// <summary>
/// ✅ / ❌ put on review cards while the bot was away. The reactions on every card still waiting for review are read
/// back and a moderator's decision goes through <see cref="ReviewReactionHandler"/> as if it had arrived live (the
/// decision is a conditional update, so it happens once). When moderators both approved and rejected, the order is
/// unknown and the card is left waiting for a fresh decision (the Approve / Reject buttons still work).
/// </summary>
public sealed class ReviewCatchUp(
    ICommunityConfig config,
    FaqRepository repository,
    ReviewReactionHandler live,
    MemberAccess access,
    IDiscordRestClient rest,
    BotIdentity bot,
    ILogger<ReviewCatchUp> logger) : ICatchUpStep
{
    public string Name => "FAQ review reactions";

    public async Task<int> RunAsync(CatchUpRequest request, CancellationToken ct)
    {
        if (config.Guild(request.GuildId) is not { } guild || guild.Section<FaqSettings>() is null) return 0;
        var decided = 0;
        foreach (var entry in await repository.AwaitingReviewAsync(guild.GuildId, ct))
        {
            var (channelId, messageId) = (entry.ReviewChannelId!.Value, entry.ReviewMessageId!.Value);
            var decisions = new List<(bool Approve, MessageReactionAddEvent Reaction)>();
            foreach (var (emoji, approve) in new[] { (FaqCards.Approve, true), (FaqCards.Reject, false) })
                foreach (var userId in await rest.ReactorsAsync(channelId, messageId, emoji, bot.UserId, ct))
                    if (await rest.AsReactionEventAsync(guild.GuildId, channelId, messageId, userId, emoji, ct) is { } reaction
                        && await access.IsModeratorAsync(guild, userId, reaction.Member?.Roles ?? [], ct))
                        decisions.Add((approve, reaction));

            if (decisions.Select(d => d.Approve).Distinct().Count() > 1)
            {
                logger.LogWarning("FAQ #{Id}: moderators both approved and rejected while the bot was offline; waiting for a new decision", entry.Id);
                continue;
            }
            if (decisions.Count == 0) continue;
            await live.HandleAsync(decisions[0].Reaction, ct);
            decided++;
        }
        return decided;
    }
}
