using System.Collections.Concurrent;
using System.Globalization;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Suggests a matching FAQ entry under a question asked in a help channel (or a thread / forum post of one).
/// Ordered cheapest first so ordinary chatter costs microseconds: configuration, author, "reads as a question",
/// the channel's cooldown, moderator status, then the in-memory matcher; the database is touched only to claim
/// the cooldown and record the suggestion once a nudge will actually be sent.
/// </summary>
public sealed class NudgeHandler(
    ICommunityConfig config,
    FaqMatcher matcher,
    FaqNudges nudges,
    FaqRepository repository,
    MemberAccess access,
    HelpThreads threads,
    NudgeCooldowns cooldowns,
    IDiscordRestClient rest,
    TimeProvider time,
    ILogger<NudgeHandler> logger) : IEventHandler<MessageCreateEvent>
{
    public async Task HandleAsync(MessageCreateEvent evt, CancellationToken ct)
    {
        var message = evt.Message;
        if (await CandidateAsync(message, ct) is not { } candidate) return;

        var now = time.GetUtcNow();
        var nudgeId = await nudges.TryReserveAsync(candidate.Guild.GuildId, message.ChannelId, message.Id, message.Author!.Id, candidate.Match.EntryId,
            candidate.Match.Score, now, TimeSpan.FromMinutes(candidate.Settings.Nudge.CooldownMinutes), ct);
        if (nudgeId is null) return;
        cooldowns.Nudged(message.ChannelId, now);

        if (await repository.GetAsync(candidate.Guild.GuildId, candidate.Match.EntryId, ct) is not { Status: FaqStatus.Published } entry) return;
        var reply = await rest.CreateMessageAsync(message.ChannelId, new CreateMessageRequest
        {
            Content = FaqCards.NudgeText(entry),
            Embeds = [FaqCards.Entry(entry, now, candidate.Settings.StaleAfterDays)],
            Components = FaqCards.NudgeButtons(nudgeId.Value),
            MessageReference = new MessageReference { MessageId = message.Id, ChannelId = message.ChannelId, FailIfNotExists = false },
            Nonce = "faqnudge" + nudgeId.Value.ToString(CultureInfo.InvariantCulture), EnforceNonce = true,
        }, ct: ct);
        await nudges.SetReplyAsync(nudgeId.Value, reply.Id, ct);
        logger.LogInformation("Nudged question {Message} in {Channel} towards FAQ #{Entry} (score {Score:0.00})", message.Id, message.ChannelId, entry.Id, candidate.Match.Score);
    }

    public sealed record Candidate(GuildConfig Guild, FaqSettings Settings, FaqMatcher.Match Match);

    /// <summary>Everything short of writing: whether this message would get a suggestion, and which. Public for the benchmark.</summary>
    public async ValueTask<Candidate?> CandidateAsync(Message message, CancellationToken ct)
    {
        if (config.Guild(message.GuildId) is not { } guild || guild.Section<FaqSettings>() is not { Nudge.Enabled: true } settings) return null;
        if (settings.HelpChannelIds.Length == 0 || message.Author is not { } author || author.Bot == true || message.WebhookId is not null) return null;
        if (message.Type is not (0 or 19)) return null; // default messages and replies only

        var inHelpChannel = settings.HelpChannelIds.Contains(message.ChannelId);
        HelpThreads.ThreadInfo? thread = null;
        if (!inHelpChannel && threads.TryGet(message.ChannelId, out var known))
        {
            if (!known.IsThread || known.ParentId is not { } parent || !settings.HelpChannelIds.Contains(parent)) return null;
            thread = known;
        }
        if (!QuestionDetector.LooksLikeQuestion(message.Content)) return null;
        if (cooldowns.IsCooling(message.ChannelId, time.GetUtcNow(), TimeSpan.FromMinutes(settings.Nudge.CooldownMinutes))) return null;
        if (!inHelpChannel && thread is null)
        {
            thread = await threads.GetAsync(message.ChannelId, ct);
            if (!thread.IsThread || thread.ParentId is not { } parent || !settings.HelpChannelIds.Contains(parent)) return null;
        }
        if (await access.IsModeratorAsync(guild, author.Id, message.Member?.Roles ?? [], ct)) return null;

        // A forum post's first message shares the thread's id; its title is part of the question.
        var text = thread is { Name: { } title } && message.Id == message.ChannelId ? $"{title} {message.Content}" : message.Content;
        var match = await matcher.BestAsync(guild.GuildId, text, ct);
        return match is not null && match.Score >= settings.Nudge.MinScore ? new Candidate(guild, settings, match) : null;
    }
}

/// <summary>
/// This process's memory of when each channel was last nudged, so messages during a cooldown are skipped without
/// a database round trip. The database claim stays the authority (several processes, restarts).
/// </summary>
public sealed class NudgeCooldowns
{
    private readonly ConcurrentDictionary<ulong, DateTimeOffset> _last = new();

    public bool IsCooling(ulong channelId, DateTimeOffset now, TimeSpan cooldown) => _last.TryGetValue(channelId, out var at) && now - at < cooldown;

    public void Nudged(ulong channelId, DateTimeOffset at)
    {
        if (_last.Count > 50_000) _last.Clear();
        _last[channelId] = at;
    }
}
