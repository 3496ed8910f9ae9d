using System.Globalization;
using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// MESSAGE_CREATE for the funnel: a newcomer's first message and activity in week 2, and the first reply they
/// receive from another member — a message whose message_reference points at their message, or a message in a
/// thread that started from (or is) their message. Each step is written once (conditional UPDATE), so replays
/// change nothing.
/// </summary>
public sealed class ActivityHandler(ICommunityConfig config, OnboardingRepository repository, TimeProvider time) : IEventHandler<MessageCreateEvent>
{
    /// <summary>MSG § Message Types: DEFAULT and REPLY are what members write.</summary>
    private static readonly HashSet<int> MemberMessageTypes = [0, 19];

    public async Task HandleAsync(MessageCreateEvent evt, CancellationToken ct)
    {
        var message = evt.Message;
        if (message.GuildId is not { } guildId || config.Guild(guildId)?.Section<OnboardingSettings>() is null) return;
        if (message.Author is not { } author || author.Bot == true || message.WebhookId is not null || !MemberMessageTypes.Contains(message.Type)) return;

        var now = time.GetUtcNow();
        if (await repository.RecordMessageAsync(guildId, author.Id, now, ct) is { FirstReplyAtMs: null } credit
            && now.ToUnixTimeMilliseconds() < credit.JoinedAtMs + (long)OnboardingRepository.ReplyTrackingWindow.TotalMilliseconds)
            await repository.TrackMessageAsync(guildId, message.Id, author.Id, credit.JoinedAtMs, now, ct);

        var repliedTo = message.ReferencedMessage?.Author is { Bot: not true } original ? original.Id : (ulong?)null;
        repliedTo ??= await repository.FindTrackedAuthorAsync(guildId, message.MessageReference?.MessageId, message.ChannelId, ct);
        if (repliedTo is { } memberId && memberId != author.Id)
            await repository.RecordReplyReceivedAsync(guildId, memberId, now, ct);
    }
}

/// <summary>THREAD_CREATE (not a typed event): a thread a newcomer opens counts as theirs, so a reply inside it is credited.</summary>
public sealed class ThreadCreateHandler(ICommunityConfig config, OnboardingRepository repository, TimeProvider time) : IEventHandler<UnknownDispatchEvent>
{
    public async Task HandleAsync(UnknownDispatchEvent evt, CancellationToken ct)
    {
        if (evt.Name != "THREAD_CREATE" || evt.Data.ValueKind != JsonValueKind.Object) return;
        if (Snowflake(evt.Data, "guild_id") is not { } guildId || Snowflake(evt.Data, "id") is not { } threadId || Snowflake(evt.Data, "owner_id") is not { } ownerId) return;
        if (config.Guild(guildId)?.Section<OnboardingSettings>() is null) return;

        var now = time.GetUtcNow();
        if (await repository.GetLatestAsync(guildId, ownerId, ct) is { LeftAtMs: null, FirstReplyAtMs: null } journey
            && now - journey.JoinedAt < OnboardingRepository.ReplyTrackingWindow)
            await repository.TrackMessageAsync(guildId, threadId, ownerId, journey.JoinedAtMs, now, ct);
    }

    private static ulong? Snowflake(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
        && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
