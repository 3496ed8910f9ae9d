using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn;

internal sealed partial class StandInCore
{
    public StandInMember AddMember(ulong guildId, ulong userId, IEnumerable<ulong> roles, bool dispatch, string? inviteCode = null)
    {
        StandInMember member;
        lock (Gate)
        {
            var guild = Guild(guildId);
            User(userId);
            var roleList = roles.ToImmutableList();
            foreach (var r in roleList)
                if (!guild.Roles.ContainsKey(r)) throw new ArgumentException($"Unknown role {r} in guild {guildId}.", nameof(roles));
            member = new StandInMember(guildId, userId, roleList, DateTimeOffset.UtcNow);
            guild.Members[userId] = member;
            if (inviteCode is not null)
            {
                if (!guild.Invites.TryGetValue(inviteCode, out var invite))
                    throw new ArgumentException($"Unknown invite {inviteCode} in guild {guildId}.", nameof(inviteCode));
                guild.Invites[inviteCode] = invite with { Uses = invite.Uses + 1 };
            }
            if (dispatch) Hub.Dispatch("GUILD_MEMBER_ADD", MemberEvent(guild, member), Intents.GuildMembers, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.MemberAdded, guildId, EntityId: userId));
        if (inviteCode is not null) Notify(new StateChange(StateChangeKind.InviteChanged, guildId));
        return member;
    }

    /// <summary>Removes a member (leave, kick or ban) and dispatches GUILD_MEMBER_REMOVE; false when not a member.</summary>
    public bool RemoveMember(ulong guildId, ulong userId)
    {
        lock (Gate)
        {
            var guild = Guild(guildId);
            if (!guild.Members.Remove(userId)) return false;
            Hub.Dispatch("GUILD_MEMBER_REMOVE",
                new JsonObject { ["guild_id"] = Json.Id(guildId), ["user"] = Payloads.User(User(userId)) },
                Intents.GuildMembers, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.MemberRemoved, guildId, EntityId: userId));
        return true;
    }

    public StandInMember? UpdateMember(ulong guildId, ulong userId, Func<StandInMember, StandInMember> change)
    {
        StandInMember updated;
        lock (Gate)
        {
            var guild = Guild(guildId);
            if (!guild.Members.TryGetValue(userId, out var current)) return null;
            updated = change(current);
            guild.Members[userId] = updated;
            Hub.Dispatch("GUILD_MEMBER_UPDATE", MemberEvent(guild, updated), Intents.GuildMembers, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.MemberUpdated, guildId, EntityId: userId));
        return updated;
    }

    public void Ban(ulong guildId, ulong userId, string? reason, int deleteMessageSeconds)
    {
        lock (Gate)
        {
            var guild = Guild(guildId);
            guild.Bans[userId] = new StandInBan(guildId, userId, reason, deleteMessageSeconds);
            Hub.Dispatch("GUILD_BAN_ADD", new JsonObject { ["guild_id"] = Json.Id(guildId), ["user"] = Payloads.User(User(userId)) },
                Intents.GuildModeration, guildId: guildId);
            if (deleteMessageSeconds > 0)
            {
                var cutoff = DateTimeOffset.UtcNow.AddSeconds(-deleteMessageSeconds);
                foreach (var channelId in guild.ChannelIds)
                    foreach (var m in MessagesIn(channelId).Where(m => m.AuthorId == userId && m.Timestamp >= cutoff).ToList())
                        DeleteMessage(m.Id);
            }
        }
        RemoveMember(guildId, userId);
        Notify(new StateChange(StateChangeKind.BanAdded, guildId, EntityId: userId));
    }

    public bool Unban(ulong guildId, ulong userId)
    {
        lock (Gate)
        {
            var guild = Guild(guildId);
            if (!guild.Bans.Remove(userId)) return false;
            Hub.Dispatch("GUILD_BAN_REMOVE", new JsonObject { ["guild_id"] = Json.Id(guildId), ["user"] = Payloads.User(User(userId)) },
                Intents.GuildModeration, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.BanRemoved, guildId, EntityId: userId));
        return true;
    }

    public StandInInvite AddInvite(ulong guildId, ulong channelId, ulong? inviterId, string? code, int maxUses, int maxAge)
    {
        StandInInvite invite;
        lock (Gate)
        {
            var guild = Guild(guildId);
            Channel(channelId);
            code ??= Convert.ToHexString(BitConverter.GetBytes(Ids.Next()))[..8].ToLowerInvariant();
            invite = new StandInInvite(code, guildId, channelId, inviterId, 0, maxUses, maxAge, DateTimeOffset.UtcNow);
            guild.Invites[code] = invite;
            var payload = Payloads.Invite(this, invite);
            payload["channel_id"] = Json.Id(channelId);
            payload["guild_id"] = Json.Id(guildId);
            Hub.Dispatch("INVITE_CREATE", payload, Intents.GuildInvites, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.InviteChanged, guildId));
        return invite;
    }

    public StandInScheduledEvent AddScheduledEvent(StandInScheduledEvent draft)
    {
        StandInScheduledEvent created;
        lock (Gate)
        {
            var guild = Guild(draft.GuildId);
            created = draft with { Id = Ids.Next() };
            guild.ScheduledEvents[created.Id] = created;
            Hub.Dispatch("GUILD_SCHEDULED_EVENT_CREATE", Payloads.ScheduledEvent(this, created), Intents.GuildScheduledEvents, guildId: guild.Id);
        }
        Notify(new StateChange(StateChangeKind.ScheduledEventChanged, created.GuildId, EntityId: created.Id));
        return created;
    }

    public bool SetEventSubscription(ulong guildId, ulong eventId, ulong userId, bool subscribed)
    {
        lock (Gate)
        {
            var guild = Guild(guildId);
            if (!guild.ScheduledEvents.TryGetValue(eventId, out var e)) throw new ArgumentException($"Unknown scheduled event {eventId}.");
            if (e.Subscribers.Contains(userId) == subscribed) return false;
            guild.ScheduledEvents[eventId] = e with { Subscribers = subscribed ? e.Subscribers.Add(userId) : e.Subscribers.Remove(userId) };
            Hub.Dispatch(subscribed ? "GUILD_SCHEDULED_EVENT_USER_ADD" : "GUILD_SCHEDULED_EVENT_USER_REMOVE",
                new JsonObject
                {
                    ["guild_scheduled_event_id"] = Json.Id(eventId),
                    ["user_id"] = Json.Id(userId),
                    ["guild_id"] = Json.Id(guildId),
                },
                Intents.GuildScheduledEvents, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.ScheduledEventChanged, guildId, EntityId: eventId));
        return true;
    }

    /// <summary>Ends a poll (the bot's End Poll, or its expiry): results become final and MESSAGE_UPDATE carries them.</summary>
    public StandInMessage EndPoll(ulong messageId)
    {
        lock (Gate)
        {
            if (!Messages.TryGetValue(messageId, out var current) || current.Poll is not { } poll)
                throw new ArgumentException($"Message {messageId} has no poll.");
            if (poll.Finalized) throw new InvalidOperationException("The poll has already ended.");
            return UpdateMessage(messageId, m => m with { Poll = m.Poll! with { Finalized = true, Expiry = DateTimeOffset.UtcNow } }, edited: false)!;
        }
    }

    /// <summary>Records a vote and dispatches MESSAGE_POLL_VOTE_ADD / _REMOVE (one event per answer).</summary>
    public bool SetPollVote(ulong messageId, ulong userId, int answerId, bool voted)
    {
        StandInMessage message;
        lock (Gate)
        {
            if (!Messages.TryGetValue(messageId, out var current) || current.Poll is not { } poll)
                throw new ArgumentException($"Message {messageId} has no poll.");
            if (poll.Finalized) throw new InvalidOperationException("The poll has ended.");
            var answer = poll.Answers.FirstOrDefault(a => a.AnswerId == answerId)
                ?? throw new ArgumentException($"Poll has no answer {answerId}.");
            if (answer.Voters.Contains(userId) == voted) return false;
            if (voted && !poll.AllowMultiselect && poll.Answers.Any(a => a.Voters.Contains(userId)))
                throw new InvalidOperationException("Single-choice poll: remove the earlier vote first.");
            var newAnswer = answer with { Voters = voted ? answer.Voters.Add(userId) : answer.Voters.Remove(userId) };
            message = current with { Poll = poll with { Answers = poll.Answers.Replace(answer, newAnswer) } };
            Messages[messageId] = message;
            var payload = new JsonObject
            {
                ["user_id"] = Json.Id(userId),
                ["channel_id"] = Json.Id(message.ChannelId),
                ["message_id"] = Json.Id(messageId),
                ["answer_id"] = answerId,
            };
            if (message.GuildId is { } g) payload["guild_id"] = Json.Id(g);
            Hub.Dispatch(voted ? "MESSAGE_POLL_VOTE_ADD" : "MESSAGE_POLL_VOTE_REMOVE", payload,
                message.GuildId is null ? Intents.DirectMessagePolls : Intents.GuildMessagePolls, guildId: message.GuildId);
        }
        Notify(new StateChange(StateChangeKind.PollVoted, message.GuildId, message.ChannelId, messageId));
        return true;
    }
}
