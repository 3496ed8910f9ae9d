namespace CommunityBot.StandIn;

/// <summary>Acting as members: each call changes state and sends the dispatch Discord would send.</summary>
public sealed partial class DiscordStandIn
{
    /// <summary>GUILD_MEMBER_ADD; with an invite code that invite's uses go up by one.</summary>
    public Task<StandInMember> MemberJoinAsync(ulong guildId, ulong userId, string? inviteCode = null, params ulong[] roles) =>
        Task.FromResult(_core.AddMember(guildId, userId, roles, dispatch: true, inviteCode));

    /// <summary>GUILD_MEMBER_REMOVE.</summary>
    public Task MemberLeaveAsync(ulong guildId, ulong userId)
    {
        if (!_core.RemoveMember(guildId, userId)) throw new InvalidOperationException($"User {userId} is not a member of guild {guildId}.");
        return Task.CompletedTask;
    }

    /// <summary>GUILD_MEMBER_UPDATE after an admin changed roles in Discord's own UI.</summary>
    public Task<StandInMember> SetMemberRolesAsync(ulong guildId, ulong userId, params ulong[] roles) =>
        Task.FromResult(_core.UpdateMember(guildId, userId, m => m with { Roles = [.. roles] })
            ?? throw new InvalidOperationException($"User {userId} is not a member of guild {guildId}."));

    /// <summary>MESSAGE_CREATE with the author's member and the mentioned users.</summary>
    public Task<StandInMessage> PostMessageAsync(ulong guildId, ulong channelId, ulong userId, string content, ulong? replyToMessageId = null)
    {
        lock (_core.Gate)
        {
            var channel = _core.Channel(channelId);
            if (channel.GuildId != guildId) throw new ArgumentException($"Channel {channelId} is not in guild {guildId}.");
            var guild = _core.Guild(guildId);
            if (!guild.Members.ContainsKey(userId)) throw new InvalidOperationException($"User {userId} is not a member of guild {guildId}.");
            var needed = channel.IsThread ? Permissions.SendMessagesInThreads : Permissions.SendMessages;
            if ((guild.PermissionsOf(userId) & needed) == 0)
                throw new InvalidOperationException($"User {userId} may not send messages in {channelId} (timed out or missing permission).");
            if (replyToMessageId is { } r && (!_core.Messages.TryGetValue(r, out var target) || target.ChannelId != channelId))
                throw new ArgumentException($"Message {r} is not in channel {channelId}.");
            return Task.FromResult(_core.CreateMessage(new MessageDraft(channelId, userId, content) { ReplyTo = replyToMessageId }));
        }
    }

    /// <summary>The user writes to the bot in their DM channel (MESSAGE_CREATE without guild_id).</summary>
    public Task<StandInMessage> PostDirectMessageAsync(ulong userId, string content)
    {
        var channel = _core.DmChannelFor(userId);
        return Task.FromResult(_core.CreateMessage(new MessageDraft(channel.Id, userId, content)));
    }

    /// <summary>MESSAGE_UPDATE after the author edited their message.</summary>
    public Task<StandInMessage> EditMessageAsUserAsync(ulong guildId, ulong channelId, ulong messageId, ulong userId, string newContent)
    {
        lock (_core.Gate)
        {
            var message = OwnMessage(channelId, messageId, userId);
            return Task.FromResult(_core.UpdateMessage(message.Id, m => m with
            {
                Content = newContent,
                Mentions = MentionParser.Evaluate(newContent, null, false, m.ReplyToMessageId is not null),
            })!);
        }
    }

    /// <summary>MESSAGE_DELETE after the author deleted their message.</summary>
    public Task DeleteMessageAsUserAsync(ulong guildId, ulong channelId, ulong messageId, ulong userId)
    {
        lock (_core.Gate) _core.DeleteMessage(OwnMessage(channelId, messageId, userId).Id);
        return Task.CompletedTask;
    }

    /// <summary>MESSAGE_REACTION_ADD (with member). <paramref name="emoji"/> is unicode or <c>name:id</c>.</summary>
    public Task AddReactionAsync(ulong guildId, ulong channelId, ulong messageId, ulong userId, string emoji)
    {
        RequireMessage(channelId, messageId);
        _core.AddReaction(messageId, userId, emoji);
        return Task.CompletedTask;
    }

    /// <summary>MESSAGE_REACTION_REMOVE.</summary>
    public Task RemoveReactionAsync(ulong guildId, ulong channelId, ulong messageId, ulong userId, string emoji)
    {
        RequireMessage(channelId, messageId);
        _core.RemoveReaction(messageId, userId, emoji);
        return Task.CompletedTask;
    }

    /// <summary>MESSAGE_POLL_VOTE_ADD for one answer (answer ids start at 1).</summary>
    public Task VotePollAsync(ulong channelId, ulong messageId, ulong userId, int answerId)
    {
        RequireMessage(channelId, messageId);
        _core.SetPollVote(messageId, userId, answerId, voted: true);
        return Task.CompletedTask;
    }

    public Task RemovePollVoteAsync(ulong channelId, ulong messageId, ulong userId, int answerId)
    {
        RequireMessage(channelId, messageId);
        _core.SetPollVote(messageId, userId, answerId, voted: false);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Discord ends the poll on its own because its expiry passed (the stand-in keeps no clock for polls, so a test
    /// says when): the results are finalized and MESSAGE_UPDATE carries them, as for the bot's own End Poll.
    /// </summary>
    public Task ExpirePollAsync(ulong channelId, ulong messageId)
    {
        RequireMessage(channelId, messageId);
        _core.EndPoll(messageId);
        return Task.CompletedTask;
    }

    /// <summary>GUILD_SCHEDULED_EVENT_USER_ADD ("Interested").</summary>
    public Task SubscribeToScheduledEventAsync(ulong guildId, ulong eventId, ulong userId)
    {
        _core.SetEventSubscription(guildId, eventId, userId, subscribed: true);
        return Task.CompletedTask;
    }

    public Task UnsubscribeFromScheduledEventAsync(ulong guildId, ulong eventId, ulong userId)
    {
        _core.SetEventSubscription(guildId, eventId, userId, subscribed: false);
        return Task.CompletedTask;
    }

    private StandInMessage OwnMessage(ulong channelId, ulong messageId, ulong userId)
    {
        var message = RequireMessage(channelId, messageId);
        if (message.AuthorId != userId) throw new InvalidOperationException($"Message {messageId} was not written by user {userId}.");
        return message;
    }

    private StandInMessage RequireMessage(ulong channelId, ulong messageId)
    {
        lock (_core.Gate)
            return _core.Messages.TryGetValue(messageId, out var m) && m.ChannelId == channelId && !m.Deleted
                ? m
                : throw new ArgumentException($"No message {messageId} in channel {channelId}.");
    }
}
