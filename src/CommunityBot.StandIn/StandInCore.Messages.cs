using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn;

/// <summary>What a new message is made of, whoever posts it (a member, the bot over REST, an interaction response).</summary>
internal sealed record MessageDraft(ulong ChannelId, ulong AuthorId, string Content)
{
    public JsonNode? Embeds { get; init; }
    public JsonNode? Components { get; init; }
    /// <summary>As sent; null when the field was absent.</summary>
    public JsonNode? AllowedMentions { get; init; }
    public ulong? ReplyTo { get; init; }
    public StandInPoll? Poll { get; init; }
    public int Flags { get; init; }
    public ImmutableList<StandInAttachment> Attachments { get; init; } = [];
    public string? Nonce { get; init; }
    public ulong? InteractionId { get; init; }
    public ulong? WebhookId { get; init; }
    public ulong? VisibleOnlyTo { get; init; }
    public int Type { get; init; }
}

internal sealed partial class StandInCore
{
    public StandInMessage CreateMessage(MessageDraft d)
    {
        StandInMessage message;
        lock (Gate)
        {
            var channel = Channel(d.ChannelId);
            var webhookDefaults = d.WebhookId is not null;
            message = new StandInMessage(Ids.Next(), channel.Id, channel.GuildId, d.AuthorId, d.Content, DateTimeOffset.UtcNow)
            {
                Type = d.Type != 0 ? d.Type : d.ReplyTo is not null ? 19 : 0,
                Flags = d.Flags,
                Embeds = Json.Element(d.Embeds),
                Components = Json.Element(d.Components),
                AllowedMentions = Json.Element(d.AllowedMentions),
                Mentions = MentionParser.Evaluate(d.Content, d.AllowedMentions, webhookDefaults, d.ReplyTo is not null),
                ReplyToMessageId = d.ReplyTo,
                Poll = d.Poll,
                Attachments = d.Attachments,
                Nonce = d.Nonce,
                InteractionId = d.InteractionId,
                WebhookId = d.WebhookId,
                VisibleOnlyTo = d.VisibleOnlyTo,
            };
            Messages[message.Id] = message;
            ChannelMessages[channel.Id].Add(message.Id);
            Channels[channel.Id] = channel with { LastMessageId = message.Id };
            if (!message.IsEphemeral) DispatchMessage("MESSAGE_CREATE", message);
        }
        Notify(new StateChange(StateChangeKind.MessageCreated, message.GuildId, message.ChannelId, message.Id));
        return message;
    }

    /// <summary>Applies <paramref name="change"/> and dispatches MESSAGE_UPDATE; null when the message does not exist.</summary>
    public StandInMessage? UpdateMessage(ulong messageId, Func<StandInMessage, StandInMessage> change, bool edited = true)
    {
        StandInMessage updated;
        lock (Gate)
        {
            if (!Messages.TryGetValue(messageId, out var current) || current.Deleted) return null;
            updated = change(current);
            if (edited) updated = updated with { EditedTimestamp = DateTimeOffset.UtcNow };
            Messages[messageId] = updated;
            if (!updated.IsEphemeral) DispatchMessage("MESSAGE_UPDATE", updated);
        }
        Notify(new StateChange(StateChangeKind.MessageUpdated, updated.GuildId, updated.ChannelId, updated.Id));
        return updated;
    }

    public StandInMessage? DeleteMessage(ulong messageId)
    {
        StandInMessage deleted;
        lock (Gate)
        {
            if (!Messages.TryGetValue(messageId, out var current) || current.Deleted) return null;
            deleted = current with { Deleted = true };
            Messages[messageId] = deleted;
            if (!deleted.IsEphemeral)
            {
                var payload = new JsonObject { ["id"] = Json.Id(messageId), ["channel_id"] = Json.Id(deleted.ChannelId) };
                if (deleted.GuildId is { } g) payload["guild_id"] = Json.Id(g);
                Hub.Dispatch("MESSAGE_DELETE", payload, MessageIntent(deleted), guildId: deleted.GuildId);
            }
        }
        Notify(new StateChange(StateChangeKind.MessageDeleted, deleted.GuildId, deleted.ChannelId, deleted.Id));
        return deleted;
    }

    /// <summary>Adds a reaction; false when this user already reacted with that emoji (Discord sends nothing then).</summary>
    public bool AddReaction(ulong messageId, ulong userId, string emoji)
    {
        StandInMessage message;
        lock (Gate)
        {
            if (!Messages.TryGetValue(messageId, out var current) || current.Deleted) return false;
            var users = current.Reactions.GetValueOrDefault(emoji, []);
            if (users.Contains(userId)) return false;
            message = current with { Reactions = current.Reactions.SetItem(emoji, users.Add(userId)) };
            Messages[messageId] = message;
            var payload = ReactionPayload(message, userId, emoji);
            payload["message_author_id"] = Json.Id(message.AuthorId);
            payload["burst_colors"] = new JsonArray();
            if (message.GuildId is { } g && Guilds[g].Members.TryGetValue(userId, out var member))
                payload["member"] = Payloads.Member(this, member);
            Hub.Dispatch("MESSAGE_REACTION_ADD", payload, ReactionIntent(message), guildId: message.GuildId);
        }
        Notify(new StateChange(StateChangeKind.ReactionsChanged, message.GuildId, message.ChannelId, message.Id));
        return true;
    }

    public bool RemoveReaction(ulong messageId, ulong userId, string emoji)
    {
        StandInMessage message;
        lock (Gate)
        {
            if (!Messages.TryGetValue(messageId, out var current) || current.Deleted) return false;
            var users = current.Reactions.GetValueOrDefault(emoji, []);
            if (!users.Contains(userId)) return false;
            var remaining = users.Remove(userId);
            message = current with
            {
                Reactions = remaining.IsEmpty ? current.Reactions.Remove(emoji) : current.Reactions.SetItem(emoji, remaining),
            };
            Messages[messageId] = message;
            Hub.Dispatch("MESSAGE_REACTION_REMOVE", ReactionPayload(message, userId, emoji), ReactionIntent(message), guildId: message.GuildId);
        }
        Notify(new StateChange(StateChangeKind.ReactionsChanged, message.GuildId, message.ChannelId, message.Id));
        return true;
    }

    private JsonObject ReactionPayload(StandInMessage message, ulong userId, string emoji)
    {
        var payload = new JsonObject
        {
            ["user_id"] = Json.Id(userId),
            ["channel_id"] = Json.Id(message.ChannelId),
            ["message_id"] = Json.Id(message.Id),
            ["emoji"] = Payloads.Emoji(emoji),
            ["burst"] = false,
            ["type"] = 0,
        };
        if (message.GuildId is { } g) payload["guild_id"] = Json.Id(g);
        return payload;
    }

    private static ulong MessageIntent(StandInMessage m) => m.GuildId is null ? Intents.DirectMessages : Intents.GuildMessages;

    private static ulong ReactionIntent(StandInMessage m) =>
        m.GuildId is null ? Intents.DirectMessageReactions : Intents.GuildMessageReactions;

    /// <summary>
    /// MESSAGE_CREATE/UPDATE. Sessions without MESSAGE_CONTENT get the content fields emptied, except for the bot's own
    /// messages, DMs and messages that mention the bot (G § Message Content Intent).
    /// </summary>
    private void DispatchMessage(string name, StandInMessage message)
    {
        var payload = Payloads.MessageDispatch(this, message);
        JsonObject? redacted = null;
        var exempt = message.AuthorId == BotUser.Id || message.GuildId is null
            || MentionParser.UserIds(message.Content).Contains(BotUser.Id);
        if (!exempt)
        {
            redacted = (JsonObject)payload.DeepClone();
            redacted["content"] = "";
            redacted["embeds"] = new JsonArray();
            redacted["attachments"] = new JsonArray();
            redacted["components"] = new JsonArray();
            redacted.Remove("poll");
        }
        Hub.Dispatch(name, payload, MessageIntent(message), redacted, message.GuildId);
    }
}
