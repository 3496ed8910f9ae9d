using System.Text.Json.Nodes;

namespace CommunityBot.StandIn;

/// <summary>
/// Discord-shaped JSON for the stand-in's state (resources/*.mdx). Callers hold <see cref="StandInCore.Gate"/>.
/// </summary>
internal static class Payloads
{
    public static JsonObject User(StandInUser user)
    {
        var o = new JsonObject
        {
            ["id"] = Json.Id(user.Id),
            ["username"] = user.Username,
            ["discriminator"] = "0",
            ["global_name"] = user.GlobalName,
            ["avatar"] = null,
            ["public_flags"] = 0,
            ["flags"] = 0,
        };
        if (user.IsBot) o["bot"] = true;
        return o;
    }

    public static JsonObject Member(StandInCore core, StandInMember member, bool withUser = true, ulong? permissions = null)
    {
        var o = new JsonObject();
        if (withUser && core.Users.TryGetValue(member.UserId, out var user)) o["user"] = User(user);
        o["nick"] = member.Nick;
        o["avatar"] = null;
        o["banner"] = null;
        o["roles"] = Json.Ids(member.Roles);
        o["joined_at"] = Json.Time(member.JoinedAt);
        o["premium_since"] = null;
        o["deaf"] = false;
        o["mute"] = false;
        o["flags"] = 0;
        o["pending"] = member.Pending;
        o["communication_disabled_until"] = Json.Time(member.CommunicationDisabledUntil);
        if (permissions is { } p) o["permissions"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return o;
    }

    public static JsonObject Role(StandInRole role) => new()
    {
        ["id"] = Json.Id(role.Id),
        ["name"] = role.Name,
        ["description"] = null,
        ["color"] = 0,
        ["colors"] = new JsonObject { ["primary_color"] = 0, ["secondary_color"] = null, ["tertiary_color"] = null },
        ["hoist"] = role.Hoist,
        ["icon"] = null,
        ["unicode_emoji"] = null,
        ["position"] = role.Position,
        ["permissions"] = role.Permissions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["managed"] = role.Managed,
        ["mentionable"] = role.Mentionable,
        ["flags"] = 0,
    };

    public static JsonObject Channel(StandInCore core, StandInChannel channel)
    {
        var o = new JsonObject { ["id"] = Json.Id(channel.Id), ["type"] = channel.Type };
        if (channel.Type == ChannelKinds.Dm)
        {
            o["last_message_id"] = Json.Id(channel.LastMessageId);
            o["flags"] = 0;
            var recipients = new JsonArray();
            if (channel.RecipientId is { } r && core.Users.TryGetValue(r, out var user)) recipients.Add(User(user));
            o["recipients"] = recipients;
            return o;
        }
        o["guild_id"] = Json.Id(channel.GuildId);
        o["name"] = channel.Name;
        o["parent_id"] = Json.Id(channel.ParentId);
        o["last_message_id"] = Json.Id(channel.LastMessageId);
        o["rate_limit_per_user"] = 0;
        o["flags"] = 0;
        if (channel.IsThread)
        {
            o["owner_id"] = Json.Id(channel.OwnerId);
            o["message_count"] = core.MessagesIn(channel.Id).Count();
            o["member_count"] = 1;
            o["total_message_sent"] = core.MessagesIn(channel.Id).Count();
            o["thread_metadata"] = new JsonObject
            {
                ["archived"] = channel.Archived,
                ["auto_archive_duration"] = channel.AutoArchiveDuration,
                ["archive_timestamp"] = Json.Time(SnowflakeGenerator.TimestampOf(channel.Id)),
                ["locked"] = false,
                ["create_timestamp"] = Json.Time(SnowflakeGenerator.TimestampOf(channel.Id)),
            };
            return o;
        }
        o["position"] = channel.Position;
        o["permission_overwrites"] = new JsonArray();
        o["nsfw"] = false;
        o["topic"] = null;
        if (channel.Type == ChannelKinds.GuildForum)
        {
            o["available_tags"] = new JsonArray();
            o["default_reaction_emoji"] = null;
            o["default_sort_order"] = null;
            o["default_forum_layout"] = 0;
        }
        return o;
    }

    public static JsonObject Guild(StandInCore core, GuildState guild)
    {
        var roles = new JsonArray();
        foreach (var role in guild.Roles.Values.OrderBy(r => r.Position)) roles.Add(Role(role));
        return new JsonObject
        {
            ["id"] = Json.Id(guild.Id),
            ["name"] = guild.Name,
            ["icon"] = null,
            ["splash"] = null,
            ["discovery_splash"] = null,
            ["owner_id"] = Json.Id(guild.OwnerId),
            ["afk_channel_id"] = null,
            ["afk_timeout"] = 300,
            ["verification_level"] = 0,
            ["default_message_notifications"] = 0,
            ["explicit_content_filter"] = 0,
            ["roles"] = roles,
            ["emojis"] = new JsonArray(),
            ["stickers"] = new JsonArray(),
            ["features"] = new JsonArray(),
            ["mfa_level"] = 0,
            ["application_id"] = null,
            ["system_channel_id"] = null,
            ["system_channel_flags"] = 0,
            ["rules_channel_id"] = null,
            ["vanity_url_code"] = null,
            ["description"] = null,
            ["banner"] = null,
            ["premium_tier"] = 0,
            ["premium_subscription_count"] = 0,
            ["preferred_locale"] = guild.PreferredLocale,
            ["public_updates_channel_id"] = null,
            ["safety_alerts_channel_id"] = null,
            ["nsfw_level"] = 0,
            ["premium_progress_bar_enabled"] = false,
            ["max_members"] = 500000,
            ["max_video_channel_users"] = 25,
        };
    }

    /// <summary>GE § Guild Create: the guild object plus the extra fields only this event carries.</summary>
    public static JsonObject GuildCreate(StandInCore core, GuildState guild)
    {
        var o = Guild(core, guild);
        o["joined_at"] = Json.Time(SnowflakeGenerator.TimestampOf(guild.Id));
        o["large"] = guild.Members.Count > 250;
        o["unavailable"] = false;
        o["member_count"] = guild.Members.Count;
        o["voice_states"] = new JsonArray();
        o["presences"] = new JsonArray();
        o["stage_instances"] = new JsonArray();
        o["soundboard_sounds"] = new JsonArray();
        var members = new JsonArray();
        foreach (var m in guild.Members.Values) members.Add(Member(core, m));
        o["members"] = members;
        var channels = new JsonArray();
        var threads = new JsonArray();
        foreach (var id in guild.ChannelIds)
        {
            var ch = core.Channels[id];
            if (ch.IsThread) { if (!ch.Archived) threads.Add(Channel(core, ch)); }
            else channels.Add(Channel(core, ch));
        }
        o["channels"] = channels;
        o["threads"] = threads;
        var events = new JsonArray();
        foreach (var e in guild.ScheduledEvents.Values) events.Add(ScheduledEvent(core, e));
        o["guild_scheduled_events"] = events;
        return o;
    }

    public static JsonObject Message(StandInCore core, StandInMessage m, bool withReferenced = true)
    {
        var author = core.Users.TryGetValue(m.AuthorId, out var u) ? User(u) : new JsonObject { ["id"] = Json.Id(m.AuthorId) };
        var o = new JsonObject
        {
            ["id"] = Json.Id(m.Id),
            ["type"] = m.Type,
            ["content"] = m.Content,
            ["channel_id"] = Json.Id(m.ChannelId),
            ["author"] = author,
            ["attachments"] = Attachments(m),
            ["embeds"] = Json.Node(m.Embeds) ?? new JsonArray(),
            ["mentions"] = MentionedUsers(core, m),
            ["mention_roles"] = Json.Ids(MentionParser.RoleIds(m.Content)),
            ["pinned"] = m.Pinned,
            ["mention_everyone"] = MentionParser.MentionsEveryone(m.Content) && m.Mentions.Everyone,
            ["tts"] = false,
            ["timestamp"] = Json.Time(m.Timestamp),
            ["edited_timestamp"] = Json.Time(m.EditedTimestamp),
            ["flags"] = m.Flags,
            ["components"] = Json.Node(m.Components) ?? new JsonArray(),
        };
        if (m.Nonce is not null) o["nonce"] = m.Nonce;
        if (m.WebhookId is { } w) { o["webhook_id"] = Json.Id(w); o["application_id"] = Json.Id(w); }
        if (!m.Reactions.IsEmpty) o["reactions"] = Reactions(core, m);
        if (m.ReplyToMessageId is { } replyTo)
        {
            o["message_reference"] = new JsonObject
            {
                ["type"] = 0,
                ["message_id"] = Json.Id(replyTo),
                ["channel_id"] = Json.Id(m.ChannelId),
                ["guild_id"] = Json.Id(m.GuildId),
            };
            if (withReferenced)
                o["referenced_message"] = core.Messages.TryGetValue(replyTo, out var referenced) && !referenced.Deleted
                    ? Message(core, referenced, withReferenced: false)
                    : null;
        }
        if (m.Poll is { } poll) o["poll"] = Poll(poll);
        if (m.InteractionId is { } interactionId && core.Interactions.TryGetValue(interactionId, out var interaction))
            o["interaction_metadata"] = new JsonObject
            {
                ["id"] = Json.Id(interactionId),
                ["type"] = interaction.Type,
                ["user"] = core.Users.TryGetValue(interaction.UserId, out var invoker) ? User(invoker) : null,
                ["authorizing_integration_owners"] = new JsonObject(),
            };
        if (m.ThreadId is { } threadId && core.Channels.TryGetValue(threadId, out var thread)) o["thread"] = Channel(core, thread);
        return o;
    }

    /// <summary>MESSAGE_CREATE / MESSAGE_UPDATE: the message plus guild_id and the author's partial member (no user).</summary>
    public static JsonObject MessageDispatch(StandInCore core, StandInMessage m)
    {
        var o = Message(core, m);
        if (m.GuildId is { } guildId)
        {
            o["guild_id"] = Json.Id(guildId);
            var guild = core.Guilds[guildId];
            if (guild.Members.TryGetValue(m.AuthorId, out var member) && m.WebhookId is null)
                o["member"] = Member(core, member, withUser: false);
            if (o["mentions"] is JsonArray mentions)
                foreach (var mention in mentions.OfType<JsonObject>())
                    if (Json.Snowflake(mention["id"]) is { } uid && guild.Members.TryGetValue(uid, out var mm))
                        mention["member"] = Member(core, mm, withUser: false);
        }
        if (core.Channels.TryGetValue(m.ChannelId, out var channel)) o["channel_type"] = channel.Type;
        return o;
    }

    private static JsonArray MentionedUsers(StandInCore core, StandInMessage m)
    {
        var list = new JsonArray();
        foreach (var id in MentionParser.UserIds(m.Content).Distinct())
            if (core.Users.TryGetValue(id, out var user)) list.Add(User(user));
        return list;
    }

    private static JsonArray Attachments(StandInMessage m)
    {
        var list = new JsonArray();
        foreach (var a in m.Attachments)
        {
            var url = $"https://cdn.discordapp.com/attachments/{m.ChannelId}/{a.Id}/{Uri.EscapeDataString(a.Filename)}";
            list.Add(new JsonObject
            {
                ["id"] = Json.Id(a.Id),
                ["filename"] = a.Filename,
                ["description"] = a.Description,
                ["content_type"] = a.ContentType,
                ["size"] = a.Content.Length,
                ["url"] = url,
                ["proxy_url"] = url.Replace("cdn.discordapp.com", "media.discordapp.net", StringComparison.Ordinal),
                ["flags"] = 0,
            });
        }
        return list;
    }

    private static JsonArray Reactions(StandInCore core, StandInMessage m)
    {
        var list = new JsonArray();
        foreach (var (emoji, users) in m.Reactions)
        {
            if (users.IsEmpty) continue;
            list.Add(new JsonObject
            {
                ["count"] = users.Count,
                ["count_details"] = new JsonObject { ["burst"] = 0, ["normal"] = users.Count },
                ["me"] = users.Contains(core.BotUser.Id),
                ["me_burst"] = false,
                ["emoji"] = Emoji(emoji),
                ["burst_colors"] = new JsonArray(),
            });
        }
        return list;
    }

    /// <summary>Partial emoji from the route form: unicode, or <c>name:id</c> for custom emoji.</summary>
    public static JsonObject Emoji(string routeForm)
    {
        var colon = routeForm.LastIndexOf(':');
        if (colon > 0 && ulong.TryParse(routeForm.AsSpan(colon + 1), out var id))
            return new JsonObject { ["id"] = Json.Id(id), ["name"] = routeForm[..colon], ["animated"] = false };
        return new JsonObject { ["id"] = null, ["name"] = routeForm };
    }

    public static JsonObject Poll(StandInPoll poll)
    {
        var answers = new JsonArray();
        var counts = new JsonArray();
        foreach (var a in poll.Answers)
        {
            var media = new JsonObject { ["text"] = a.Text };
            if (a.Emoji is not null) media["emoji"] = new JsonObject { ["id"] = null, ["name"] = a.Emoji };
            answers.Add(new JsonObject { ["answer_id"] = a.AnswerId, ["poll_media"] = media });
            counts.Add(new JsonObject { ["id"] = a.AnswerId, ["count"] = a.Voters.Count, ["me_voted"] = false });
        }
        return new JsonObject
        {
            ["question"] = new JsonObject { ["text"] = poll.Question },
            ["answers"] = answers,
            ["expiry"] = Json.Time(poll.Expiry),
            ["allow_multiselect"] = poll.AllowMultiselect,
            ["layout_type"] = poll.LayoutType,
            ["results"] = new JsonObject { ["is_finalized"] = poll.Finalized, ["answer_counts"] = counts },
        };
    }

    public static JsonObject ScheduledEvent(StandInCore core, StandInScheduledEvent e)
    {
        var o = new JsonObject
        {
            ["id"] = Json.Id(e.Id),
            ["guild_id"] = Json.Id(e.GuildId),
            ["channel_id"] = Json.Id(e.ChannelId),
            ["creator_id"] = Json.Id(e.CreatorId),
            ["name"] = e.Name,
            ["description"] = e.Description,
            ["scheduled_start_time"] = Json.Time(e.ScheduledStartTime),
            ["scheduled_end_time"] = Json.Time(e.ScheduledEndTime),
            ["privacy_level"] = e.PrivacyLevel,
            ["status"] = e.Status,
            ["entity_type"] = e.EntityType,
            ["entity_id"] = null,
            ["entity_metadata"] = e.Location is null ? null : new JsonObject { ["location"] = e.Location },
            ["user_count"] = e.Subscribers.Count,
            ["image"] = null,
            ["recurrence_rule"] = null,
        };
        if (e.CreatorId is { } creator && core.Users.TryGetValue(creator, out var user)) o["creator"] = User(user);
        return o;
    }

    public static JsonObject Invite(StandInCore core, StandInInvite invite)
    {
        var guild = core.Guilds[invite.GuildId];
        var channel = core.Channels[invite.ChannelId];
        var o = new JsonObject
        {
            ["type"] = 0,
            ["code"] = invite.Code,
            ["guild"] = new JsonObject { ["id"] = Json.Id(guild.Id), ["name"] = guild.Name, ["icon"] = null, ["features"] = new JsonArray() },
            ["channel"] = new JsonObject { ["id"] = Json.Id(channel.Id), ["type"] = channel.Type, ["name"] = channel.Name },
            ["uses"] = invite.Uses,
            ["max_uses"] = invite.MaxUses,
            ["max_age"] = invite.MaxAge,
            ["temporary"] = false,
            ["created_at"] = Json.Time(invite.CreatedAt),
            ["expires_at"] = invite.MaxAge == 0 ? null : Json.Time(invite.CreatedAt.AddSeconds(invite.MaxAge)),
        };
        if (invite.InviterId is { } inviter && core.Users.TryGetValue(inviter, out var user)) o["inviter"] = User(user);
        return o;
    }

    public static JsonObject Command(StandInCore core, RegisteredCommand command)
    {
        var o = (JsonObject)Json.Node(command.Definition)!;
        o["id"] = Json.Id(command.Id);
        o["application_id"] = Json.Id(core.ApplicationId);
        o["version"] = Json.Id(command.Version);
        o["type"] = command.Type;
        if (command.GuildId is { } g) o["guild_id"] = Json.Id(g);
        if (!o.ContainsKey("description")) o["description"] = "";
        if (!o.ContainsKey("default_member_permissions")) o["default_member_permissions"] = null;
        if (!o.ContainsKey("nsfw")) o["nsfw"] = false;
        return o;
    }
}
