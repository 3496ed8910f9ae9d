using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest.Routes;

/// <summary>MSG: get, list, create (JSON or multipart, nonce dedup, polls, replies), edit, delete; threads, DMs, polls.</summary>
internal static class MessageRoutes
{
    private static readonly TimeSpan NonceWindow = TimeSpan.FromMinutes(5);

    public static void Map(RouteTable<RouteDefinition> routes)
    {
        routes.Add("GET", "/channels/{channel_id}", new(r => RestResult.Ok(Payloads.Channel(r.Core, r.Channel()))));
        routes.Add("GET", "/channels/{channel_id}/messages", new(List));
        routes.Add("GET", "/channels/{channel_id}/messages/{message_id}", new(r =>
        {
            var channel = r.Channel();
            return RestResult.Ok(Payloads.Message(r.Core, r.Message(channel)));
        }));
        routes.Add("POST", "/channels/{channel_id}/messages", new(Create));
        routes.Add("PATCH", "/channels/{channel_id}/messages/{message_id}", new(Edit));
        routes.Add("DELETE", "/channels/{channel_id}/messages/{message_id}", new(Delete));
        routes.Add("POST", "/channels/{channel_id}/messages/{message_id}/threads", new(StartThread));
        routes.Add("POST", "/users/@me/channels", new(CreateDm));
        routes.Add("POST", "/channels/{channel_id}/polls/{message_id}/expire", new(EndPoll));
        routes.Add("GET", "/channels/{channel_id}/polls/{message_id}/answers/{answer_id}", new(Voters));
    }

    private static RestResult List(RestRequest r)
    {
        var channel = r.Channel();
        var limit = Math.Clamp(r.QueryInt("limit") ?? 50, 1, 100);
        IEnumerable<StandInMessage> messages = r.Core.MessagesIn(channel.Id).Where(m => m.VisibleOnlyTo is null).OrderByDescending(m => m.Id);
        if (r.QueryId("before") is { } before) messages = messages.Where(m => m.Id < before);
        if (r.QueryId("after") is { } after) messages = messages.Where(m => m.Id > after).OrderBy(m => m.Id).Take(limit).OrderByDescending(m => m.Id);
        return RestResult.Ok(new JsonArray(messages.Take(limit).Select(m => (JsonNode?)Payloads.Message(r.Core, m)).ToArray()));
    }

    private static RestResult Create(RestRequest r)
    {
        var channel = r.Channel();
        var body = r.Object;
        if (channel.Type == ChannelKinds.Dm && channel.RecipientId is { } recipient && r.Core.Users[recipient].DmsClosed)
            throw RestError.CannotDm();
        if (channel.GuildId is { } guildId)
            r.RequireBot(r.Core.Guilds[guildId], channel.IsThread ? Permissions.SendMessagesInThreads : Permissions.SendMessages);

        var nonce = Json.String(body["nonce"]) ?? (body["nonce"] is JsonValue n && n.TryGetValue<long>(out var num) ? num.ToString() : null);
        var key = (channel.Id, r.Core.BotUser.Id, nonce ?? "");
        if (nonce is not null && Json.Bool(body["enforce_nonce"]) == true
            && r.Core.Nonces.TryGetValue(key, out var seen) && DateTimeOffset.UtcNow - seen.At < NonceWindow
            && r.Core.Messages.TryGetValue(seen.MessageId, out var original))
            return RestResult.Ok(Payloads.Message(r.Core, original));

        var draft = MessageBodies.Draft(r, channel.Id, r.Core.BotUser.Id, body, webhook: false);
        if (body["message_reference"] is JsonObject reference && Json.Snowflake(reference["message_id"]) is { } replyTo)
        {
            var exists = r.Core.Messages.TryGetValue(replyTo, out var target) && !target.Deleted && target.ChannelId == channel.Id;
            if (!exists && Json.Bool(reference["fail_if_not_exists"]) != false)
                throw RestError.InvalidForm("message_reference", "Unknown message");
            draft = draft with { ReplyTo = exists ? replyTo : null };
        }
        if (body["poll"] is JsonObject poll) draft = draft with { Poll = MessageBodies.Poll(poll) };
        MessageBodies.RequireContent(draft);
        var message = r.Core.CreateMessage(draft);
        if (nonce is not null) r.Core.Nonces[key] = (message.Id, DateTimeOffset.UtcNow);
        return RestResult.Ok(Payloads.Message(r.Core, message));
    }

    private static RestResult Edit(RestRequest r)
    {
        var channel = r.Channel();
        var message = r.Message(channel);
        if (message.AuthorId != r.Core.BotUser.Id) throw new RestError(403, 50005, "Cannot edit a message authored by another user");
        var updated = r.Core.UpdateMessage(message.Id, m => MessageBodies.ApplyEdit(r, m, r.Object))!;
        return RestResult.Ok(Payloads.Message(r.Core, updated));
    }

    private static RestResult Delete(RestRequest r)
    {
        var channel = r.Channel();
        var message = r.Message(channel);
        if (message.AuthorId != r.Core.BotUser.Id && channel.GuildId is { } guildId)
            r.RequireBot(r.Core.Guilds[guildId], Permissions.ManageMessages);
        r.Core.DeleteMessage(message.Id);
        return RestResult.NoContent;
    }

    /// <summary>CH § Start Thread from Message: the thread takes the message's id.</summary>
    private static RestResult StartThread(RestRequest r)
    {
        var channel = r.Channel();
        var message = r.Message(channel);
        if (channel.GuildId is not { } guildId || channel.IsThread) throw new RestError(400, 50024, "Cannot execute action on this channel type");
        r.RequireBot(r.Core.Guilds[guildId], Permissions.CreatePublicThreads);
        if (r.Core.Channels.ContainsKey(message.Id)) throw new RestError(400, 160004, "A thread has already been created for this message");
        var body = r.Object;
        var name = Json.String(body["name"]);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw RestError.InvalidForm("name", "Must be between 1 and 100 in length.");
        var thread = r.Core.AddChannel(guildId, name, ChannelKinds.PublicThread, channel.Id, r.Core.BotUser.Id, message.Id);
        if (Json.Int(body["auto_archive_duration"]) is { } archive)
            r.Core.Channels[thread.Id] = thread = thread with { AutoArchiveDuration = archive };
        r.Core.UpdateMessage(message.Id, m => m with { ThreadId = thread.Id }, edited: false);
        return new RestResult(201, Payloads.Channel(r.Core, thread));
    }

    private static RestResult CreateDm(RestRequest r)
    {
        var recipient = Json.Snowflake(r.Object["recipient_id"]) ?? throw RestError.InvalidForm("recipient_id", "Value is not snowflake.");
        if (!r.Core.Users.ContainsKey(recipient)) throw RestError.UnknownUser();
        return RestResult.Ok(Payloads.Channel(r.Core, r.Core.DmChannelFor(recipient)));
    }

    private static RestResult EndPoll(RestRequest r)
    {
        var channel = r.Channel();
        var message = r.Message(channel);
        if (message.Poll is null) throw new RestError(400, 520001, "Poll does not exist");
        if (message.AuthorId != r.Core.BotUser.Id) throw new RestError(403, 50005, "Cannot edit a message authored by another user");
        if (message.Poll.Finalized) throw new RestError(400, 520002, "Poll has already ended");
        return RestResult.Ok(Payloads.Message(r.Core, r.Core.EndPoll(message.Id)));
    }

    /// <summary>POLL § Get Answer Voters: users ordered by id, paged with <c>after</c> and <c>limit</c> (default 25, at most 100).</summary>
    private static RestResult Voters(RestRequest r)
    {
        var channel = r.Channel();
        var message = r.Message(channel);
        var answerId = int.TryParse(r.Param("answer_id"), out var a) ? a : -1;
        var answer = message.Poll?.Answers.FirstOrDefault(x => x.AnswerId == answerId) ?? throw new RestError(404, 10018, "Unknown answer");
        var limit = r.QueryInt("limit") ?? 25;
        if (limit is < 1 or > 100) throw RestError.InvalidForm("limit", "int value should be less than or equal to 100 and greater than or equal to 1.");
        var after = r.QueryId("after") ?? 0;
        var users = answer.Voters.Where(id => id > after && r.Core.Users.ContainsKey(id)).Order().Take(limit)
            .Select(id => (JsonNode?)Payloads.User(r.Core.Users[id]));
        return RestResult.Ok(new JsonObject { ["users"] = new JsonArray(users.ToArray()) });
    }
}

/// <summary>Turns create/edit bodies (message, follow-up, interaction callback) into stand-in messages.</summary>
internal static class MessageBodies
{
    private const int AllowedCreateFlags = 1 << 2 | 1 << 6 | 1 << 12 | 1 << 13 | 1 << 15;

    public static MessageDraft Draft(RestRequest r, ulong channelId, ulong authorId, JsonObject body, bool webhook)
    {
        var content = Json.String(body["content"]) ?? "";
        if (content.Length > 2000) throw RestError.InvalidForm("content", "Must be 2000 or fewer in length.");
        if (body["embeds"] is JsonArray { Count: > 10 }) throw RestError.InvalidForm("embeds", "Must be 10 or fewer in length.");
        var flags = Json.Int(body["flags"]) ?? 0;
        if ((flags & ~AllowedCreateFlags) != 0) throw RestError.InvalidForm("flags", "Invalid flags.");
        return new MessageDraft(channelId, authorId, content)
        {
            Embeds = body["embeds"] is JsonArray e && e.Count > 0 ? e.DeepClone() : null,
            Components = body["components"] is JsonArray c && c.Count > 0 ? c.DeepClone() : null,
            AllowedMentions = body.ContainsKey("allowed_mentions") ? body["allowed_mentions"]?.DeepClone() : null,
            Flags = flags,
            Attachments = Attachments(r, body),
            Nonce = Json.String(body["nonce"]),
            WebhookId = webhook ? r.Core.ApplicationId : null,
        };
    }

    public static void RequireContent(MessageDraft d)
    {
        if (d.Content.Length == 0 && d.Embeds is null && d.Components is null && d.Poll is null && d.Attachments.IsEmpty)
            throw RestError.EmptyMessage();
    }

    /// <summary>Fields present in an edit body replace the old ones; absent fields stay.</summary>
    public static StandInMessage ApplyEdit(RestRequest r, StandInMessage m, JsonObject body)
    {
        var updated = m;
        if (body.ContainsKey("content"))
        {
            var content = Json.String(body["content"]) ?? "";
            if (content.Length > 2000) throw RestError.InvalidForm("content", "Must be 2000 or fewer in length.");
            updated = updated with { Content = content };
        }
        if (body.ContainsKey("embeds")) updated = updated with { Embeds = body["embeds"] is JsonArray { Count: > 0 } e ? Json.Element(e) : null };
        if (body.ContainsKey("components"))
            updated = updated with { Components = body["components"] is JsonArray { Count: > 0 } c ? Json.Element(c) : null };
        if (body.ContainsKey("flags")) updated = updated with { Flags = (m.Flags & 64) | (Json.Int(body["flags"]) ?? 0) };
        if (body.ContainsKey("allowed_mentions")) updated = updated with { AllowedMentions = Json.Element(body["allowed_mentions"]) };
        if (body.ContainsKey("attachments") || r.Files.Count > 0)
        {
            var keep = body["attachments"] is JsonArray list ? list.Select(a => Json.Snowflake(a?["id"])).OfType<ulong>().ToHashSet() : [];
            var kept = m.Attachments.Where(a => keep.Contains(a.Id));
            updated = updated with { Attachments = kept.Concat(Attachments(r, body)).ToImmutableList() };
        }
        return updated with
        {
            Mentions = MentionParser.Evaluate(updated.Content, Json.Node(updated.AllowedMentions), updated.WebhookId is not null,
                updated.ReplyToMessageId is not null),
        };
    }

    /// <summary>
    /// Multipart uploads: each <c>files[n]</c> part pairs with the <c>attachments[]</c> entry whose id is n
    /// (MSG § Uploading Files). A part without metadata keeps its own file name.
    /// </summary>
    public static ImmutableList<StandInAttachment> Attachments(RestRequest r, JsonObject body)
    {
        if (r.Files.Count == 0) return [];
        var metadata = (body["attachments"] as JsonArray)?.OfType<JsonObject>()
            .Where(a => a["filename"] is not null || a["description"] is not null)
            .ToDictionary(a => Json.String(a["id"]) ?? a["id"]?.ToJsonString() ?? "", a => a) ?? [];
        var result = ImmutableList.CreateBuilder<StandInAttachment>();
        foreach (var file in r.Files)
        {
            if (!file.FieldName.StartsWith("files[", StringComparison.Ordinal) || !file.FieldName.EndsWith(']'))
                throw RestError.InvalidForm(file.FieldName, "File parts must be named files[n].");
            var index = file.FieldName[6..^1];
            metadata.TryGetValue(index, out var meta);
            result.Add(new StandInAttachment(r.Core.Ids.Next(), Json.String(meta?["filename"]) ?? file.FileName, file.ContentType, file.Content)
            {
                Description = Json.String(meta?["description"]),
            });
        }
        return result.ToImmutable();
    }

    /// <summary>POLL § Poll Create Request Object.</summary>
    public static StandInPoll Poll(JsonObject poll)
    {
        var question = Json.String(poll["question"]?["text"]);
        if (string.IsNullOrEmpty(question) || question.Length > 300) throw RestError.InvalidForm("poll.question.text", "Must be between 1 and 300 in length.");
        if (poll["answers"] is not JsonArray { Count: >= 1 and <= 10 } answers) throw RestError.InvalidForm("poll.answers", "Must be between 1 and 10 in length.");
        var list = ImmutableList.CreateBuilder<StandInPollAnswer>();
        var id = 1;
        foreach (var answer in answers)
        {
            var text = Json.String(answer?["poll_media"]?["text"]);
            if (string.IsNullOrEmpty(text) || text.Length > 55) throw RestError.InvalidForm($"poll.answers.{id - 1}.poll_media.text", "Must be between 1 and 55 in length.");
            list.Add(new StandInPollAnswer(id++, text, Json.String(answer?["poll_media"]?["emoji"]?["name"])));
        }
        var hours = Json.Int(poll["duration"]) ?? 24;
        if (hours is < 1 or > 768) throw RestError.InvalidForm("poll.duration", "Must be between 1 and 768.");
        return new StandInPoll(question, list.ToImmutable(), DateTimeOffset.UtcNow.AddHours(hours),
            Json.Bool(poll["allow_multiselect"]) ?? false, Json.Int(poll["layout_type"]) ?? 1);
    }
}
