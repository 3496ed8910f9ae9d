using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Hosting;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// Learns which accounts are bots from the events that show Discord's <c>bot</c> flag (or a webhook), records each once
/// and takes back what it earned before. READY records the bot itself (its id exists only from then on) and finishes any
/// clearing a restart interrupted, so points credited to bots by earlier versions are reversed on the first start of
/// this one. Known accounts cost a dictionary look-up per event; nothing is written for them.
/// </summary>
public sealed class BotAccountHandlers(BotAccounts bots, AmbassadorPoints points)
    : IEventHandler<ReadyEvent>, IEventHandler<MessageCreateEvent>, IEventHandler<GuildMemberAddEvent>,
      IEventHandler<GuildCreateEvent>, IEventHandler<GuildMembersChunkEvent>
{
    public async Task HandleAsync(ReadyEvent evt, CancellationToken ct)
    {
        await bots.RememberAsync(evt.User.Id, ct);
        foreach (var bot in await bots.NotClearedAsync(ct)) await ClearAsync(bot, ct);
    }

    public Task HandleAsync(MessageCreateEvent evt, CancellationToken ct) =>
        evt.Message.Author is { } author && (author.Bot == true || evt.Message.WebhookId is not null) ? LearnAsync(author.Id, ct) : Task.CompletedTask;

    public Task HandleAsync(GuildMemberAddEvent evt, CancellationToken ct) => LearnAsync([evt.Member], ct);

    public Task HandleAsync(GuildCreateEvent evt, CancellationToken ct) => LearnAsync(evt.Members, ct);

    public Task HandleAsync(GuildMembersChunkEvent evt, CancellationToken ct) => LearnAsync(evt.Members, ct);

    private async Task LearnAsync(IEnumerable<GuildMember> members, CancellationToken ct)
    {
        foreach (var member in members)
            if (member.User is { Bot: true } user) await LearnAsync(user.Id, ct);
    }

    private async Task LearnAsync(ulong userId, CancellationToken ct)
    {
        if (await bots.RememberAsync(userId, ct)) await ClearAsync(userId, ct);
    }

    /// <summary>Marked cleared only after the reversal committed: if this fails, the next READY finishes it.</summary>
    private async Task ClearAsync(ulong botUserId, CancellationToken ct)
    {
        await points.ReverseBotPointsAsync(botUserId, ct);
        await bots.MarkClearedAsync(botUserId, ct);
    }
}
