using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn;

/// <summary>
/// Members using the bot's commands and components. Each call dispatches INTERACTION_CREATE (RR § Interaction Object)
/// with <c>member.permissions</c> computed as Discord does, and returns a handle that records the bot's answer.
/// Components and modals also work on messages in a user's DM with the bot: pass <c>guildId: null</c> and the DM
/// channel, and the interaction arrives DM-shaped (see DiscordStandIn.InteractionSources.cs).
/// </summary>
public sealed partial class DiscordStandIn
{
    private const int ApplicationCommand = 2, MessageComponent = 3, Autocomplete = 4, ModalSubmit = 5;

    public Task<InteractionHandle> InvokeSlashCommandAsync(ulong guildId, ulong channelId, ulong userId, string command, SlashOption? options = null)
    {
        lock (_core.Gate)
        {
            var definition = FindCommand(guildId, command, 1);
            var resolved = new JsonObject();
            var data = new JsonObject
            {
                ["id"] = Json.Id(definition?.Id ?? _core.Ids.Next()),
                ["name"] = command,
                ["type"] = 1,
                ["guild_id"] = Json.Id(guildId),
            };
            if (options is not null)
                data["options"] = BuildOptions(guildId, options, definition is null ? null : Json.Node(definition.Definition)?["options"] as JsonArray, resolved, autocomplete: false);
            if (resolved.Count > 0) data["resolved"] = resolved;
            return Task.FromResult(Dispatch(ApplicationCommand, guildId, channelId, userId, data, null));
        }
    }

    public Task<InteractionHandle> InvokeAutocompleteAsync(ulong guildId, ulong channelId, ulong userId, string command, SlashOption options)
    {
        lock (_core.Gate)
        {
            var definition = FindCommand(guildId, command, 1);
            var data = new JsonObject
            {
                ["id"] = Json.Id(definition?.Id ?? _core.Ids.Next()),
                ["name"] = command,
                ["type"] = 1,
                ["guild_id"] = Json.Id(guildId),
                ["options"] = BuildOptions(guildId, options, definition is null ? null : Json.Node(definition.Definition)?["options"] as JsonArray, new JsonObject(), autocomplete: true),
            };
            return Task.FromResult(Dispatch(Autocomplete, guildId, channelId, userId, data, null));
        }
    }

    /// <summary>A message context-menu command; <c>data.resolved.messages</c> carries the target.</summary>
    public Task<InteractionHandle> InvokeMessageCommandAsync(ulong guildId, ulong channelId, ulong userId, string command, ulong targetMessageId)
    {
        lock (_core.Gate)
        {
            var definition = FindCommand(guildId, command, 3);
            var target = _core.Messages.TryGetValue(targetMessageId, out var m) && m.ChannelId == channelId && !m.Deleted
                ? m
                : throw new ArgumentException($"No message {targetMessageId} in channel {channelId}.");
            var data = new JsonObject
            {
                ["id"] = Json.Id(definition?.Id ?? _core.Ids.Next()),
                ["name"] = command,
                ["type"] = 3,
                ["guild_id"] = Json.Id(guildId),
                ["target_id"] = Json.Id(targetMessageId),
                ["resolved"] = new JsonObject { ["messages"] = new JsonObject { [Json.Id(targetMessageId)] = Payloads.Message(_core, target) } },
            };
            return Task.FromResult(Dispatch(ApplicationCommand, guildId, channelId, userId, data, null));
        }
    }

    /// <summary>A user context-menu command on <paramref name="targetUserId"/>.</summary>
    public Task<InteractionHandle> InvokeUserCommandAsync(ulong guildId, ulong channelId, ulong userId, string command, ulong targetUserId)
    {
        lock (_core.Gate)
        {
            var definition = FindCommand(guildId, command, 2);
            var resolved = new JsonObject();
            AddResolvedUser(guildId, targetUserId, resolved);
            var data = new JsonObject
            {
                ["id"] = Json.Id(definition?.Id ?? _core.Ids.Next()),
                ["name"] = command,
                ["type"] = 2,
                ["guild_id"] = Json.Id(guildId),
                ["target_id"] = Json.Id(targetUserId),
                ["resolved"] = resolved,
            };
            return Task.FromResult(Dispatch(ApplicationCommand, guildId, channelId, userId, data, null));
        }
    }

    /// <summary>Clicks a button; <paramref name="guildId"/> is null for a message in the user's DM with the bot.</summary>
    public Task<InteractionHandle> ClickButtonAsync(ulong? guildId, ulong channelId, ulong userId, ulong messageId, string customId)
    {
        lock (_core.Gate)
        {
            var (message, component) = FindComponent(channelId, messageId, userId, customId);
            var type = component["type"]?.GetValue<int>() ?? 0;
            if (type != 2) throw new InvalidOperationException($"Component '{customId}' is type {type}, not a button.");
            var data = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 };
            if (Json.Int(component["id"]) is { } id) data["id"] = id;
            return Task.FromResult(Dispatch(MessageComponent, guildId, channelId, userId, data, message));
        }
    }

    /// <summary>
    /// A component interaction as a tampered client or a faulty Discord-compatible gateway could deliver it: any
    /// <paramref name="customId"/> with any message, whether that message carries such a control or not (Discord itself only
    /// sends ids from the clicked message's own components). <paramref name="values"/> makes it a string-select choice.
    /// </summary>
    public Task<InteractionHandle> SendForgedComponentAsync(ulong? guildId, ulong channelId, ulong userId, ulong messageId, string customId,
        params string[] values)
    {
        lock (_core.Gate)
        {
            var message = _core.Messages.TryGetValue(messageId, out var m) && m.ChannelId == channelId
                ? m
                : throw new ArgumentException($"No message {messageId} in channel {channelId}.");
            var data = new JsonObject { ["custom_id"] = customId, ["component_type"] = values.Length > 0 ? 3 : 2 };
            if (values.Length > 0) data["values"] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
            return Task.FromResult(Dispatch(MessageComponent, guildId, channelId, userId, data, message));
        }
    }

    /// <summary>
    /// Chooses <paramref name="values"/> in a select menu (string values, or ids for user/role/channel selects);
    /// <paramref name="guildId"/> is null for a message in the user's DM with the bot.
    /// </summary>
    public Task<InteractionHandle> SelectAsync(ulong? guildId, ulong channelId, ulong userId, ulong messageId, string customId, params string[] values)
    {
        lock (_core.Gate)
        {
            var (message, component) = FindComponent(channelId, messageId, userId, customId);
            var type = Json.Int(component["type"]) ?? 0;
            if (type is not (3 or 5 or 6 or 7 or 8)) throw new InvalidOperationException($"Component '{customId}' is type {type}, not a select menu.");
            var min = Json.Int(component["min_values"]) ?? 1;
            var max = Json.Int(component["max_values"]) ?? 1;
            if (values.Length < min || values.Length > max)
                throw new ArgumentException($"Select '{customId}' takes {min}–{max} values, got {values.Length}.");
            if (type == 3 && component["options"] is JsonArray choices)
            {
                var allowed = choices.Select(o => Json.String(o?["value"])).ToHashSet();
                if (values.FirstOrDefault(v => !allowed.Contains(v)) is { } bad) throw new ArgumentException($"'{bad}' is not an option of '{customId}'.");
            }
            var data = new JsonObject
            {
                ["custom_id"] = customId,
                ["component_type"] = type,
                ["values"] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray()),
            };
            if (type != 3)
            {
                var resolved = new JsonObject();
                foreach (var v in values)
                    if (ulong.TryParse(v, out var id)) AddResolvedEntity(guildId, id, resolved);
                data["resolved"] = resolved;
            }
            return Task.FromResult(Dispatch(MessageComponent, guildId, channelId, userId, data, message));
        }
    }

    /// <summary>
    /// Submits a modal the bot showed this user (a type-9 callback with <paramref name="customId"/>). The submission mirrors
    /// the modal's layout: Label-wrapped inputs come back as Labels, legacy action rows as action rows.
    /// <paramref name="guildId"/> is null when the modal was opened from the user's DM with the bot.
    /// </summary>
    public Task<InteractionHandle> SubmitModalAsync(ulong? guildId, ulong channelId, ulong userId, string customId,
        IReadOnlyDictionary<string, string> fields, ulong? messageId = null)
    {
        lock (_core.Gate)
        {
            var shown = _core.Interactions.Values
                .Where(i => i.UserId == userId && i.Response is { Type: 9 } r && r.CustomId == customId)
                .OrderByDescending(i => i.Id).FirstOrDefault()
                ?? throw new InvalidOperationException($"The bot never showed user {userId} a modal '{customId}'.");
            var modal = (JsonObject)Json.Node(shown.Response!.Data)!;
            var components = new JsonArray();
            var used = new HashSet<string>();
            foreach (var top in (modal["components"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var topType = Json.Int(top["type"]);
                if (topType == 18 && top["component"] is JsonObject inner && Json.Int(inner["type"]) == 4)
                    components.Add(new JsonObject { ["type"] = 18, ["id"] = top["id"]?.DeepClone(), ["component"] = TextInputValue(inner, fields, used) });
                else if (topType == 1 && top["components"] is JsonArray row)
                    components.Add(new JsonObject
                    {
                        ["type"] = 1,
                        ["id"] = top["id"]?.DeepClone(),
                        ["components"] = new JsonArray(row.OfType<JsonObject>().Where(c => Json.Int(c["type"]) == 4)
                            .Select(c => (JsonNode?)TextInputValue(c, fields, used)).ToArray()),
                    });
            }
            if (fields.Keys.FirstOrDefault(k => !used.Contains(k)) is { } unknown)
                throw new ArgumentException($"Modal '{customId}' has no text input '{unknown}'.");
            var source = messageId ?? shown.SourceMessageId;
            StandInMessage? message = source is { } id && _core.Messages.TryGetValue(id, out var m) ? m : null;
            var data = new JsonObject { ["custom_id"] = customId, ["components"] = components };
            return Task.FromResult(Dispatch(ModalSubmit, guildId, channelId, userId, data, message));
        }
    }

    private static JsonObject TextInputValue(JsonObject input, IReadOnlyDictionary<string, string> fields, HashSet<string> used)
    {
        var id = Json.String(input["custom_id"]) ?? "";
        var present = fields.TryGetValue(id, out var value);
        if (present) used.Add(id);
        if (!present && (Json.Bool(input["required"]) ?? true))
            throw new ArgumentException($"Text input '{id}' is required.");
        value ??= "";
        if (Json.Int(input["max_length"]) is { } max && value.Length > max) throw new ArgumentException($"'{id}' allows at most {max} characters.");
        if (value.Length > 0 && Json.Int(input["min_length"]) is { } min && value.Length < min) throw new ArgumentException($"'{id}' needs at least {min} characters.");
        var o = new JsonObject { ["type"] = 4, ["custom_id"] = id, ["value"] = value };
        if (input["id"] is { } numericId) o["id"] = numericId.DeepClone();
        return o;
    }

    private InteractionHandle Dispatch(int type, ulong? guildId, ulong channelId, ulong userId, JsonObject data, StandInMessage? message)
    {
        var channel = _core.Channel(channelId);
        var payload = guildId is { } g ? GuildSource(g, channel, userId) : DmSource(channel, userId);
        var id = _core.Ids.Next();
        var token = "aW50ZXJhY3Rpb24" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        payload["id"] = Json.Id(id);
        payload["application_id"] = Json.Id(_core.ApplicationId);
        payload["type"] = type;
        payload["data"] = data;
        payload["channel"] = Payloads.Channel(_core, channel);
        payload["channel_id"] = Json.Id(channelId);
        payload["token"] = token;
        payload["version"] = 1;
        payload["locale"] = _core.User(userId).Locale;
        payload["entitlements"] = new JsonArray();
        payload["attachment_size_limit"] = 26214400;
        if (message is not null) payload["message"] = Payloads.Message(_core, message);
        var handle = new InteractionHandle(_core, id, token, type, guildId, channelId, userId, message?.Id,
            JsonDocument.Parse(payload.ToJsonString()).RootElement.Clone());
        _core.Interactions[id] = handle;
        _core.InteractionsByToken[token] = handle;
        handle.DispatchedAt = Stopwatch.GetTimestamp();
        // INTERACTION_CREATE needs no intent; one from a DM goes to shard 0.
        _core.Hub.Dispatch("INTERACTION_CREATE", payload, intents: 0, guildId: guildId);
        _core.Notify(new StateChange(StateChangeKind.InteractionCreated, guildId, channelId, id));
        return handle;
    }

    private RegisteredCommand? FindCommand(ulong guildId, string name, int type)
    {
        var found = _core.Commands.GetValueOrDefault(guildId, []).FirstOrDefault(c => c.Name == name && c.Type == type)
            ?? _core.Commands.GetValueOrDefault(0UL, []).FirstOrDefault(c => c.Name == name && c.Type == type);
        if (found is null && _core.Options.RequireRegisteredCommands)
            throw new InvalidOperationException(
                $"No command '{name}' (type {type}) is registered for guild {guildId} or globally; Discord could not send it. " +
                "Wait for the bot's bulk overwrite (RegisteredCommands) or set StandInOptions.RequireRegisteredCommands = false.");
        return found;
    }

    private JsonArray BuildOptions(ulong guildId, SlashOption options, JsonArray? defined, JsonObject resolved, bool autocomplete)
    {
        if (options.Name is { } name)
        {
            var def = defined?.OfType<JsonObject>().FirstOrDefault(o => Json.String(o["name"]) == name);
            if (defined is not null && def is null) throw new ArgumentException($"The command has no subcommand or group '{name}'.");
            var type = options.Nested is not null ? 2 : 1;
            var inner = options.Nested is not null
                ? BuildOptions(guildId, options.Nested, def?["options"] as JsonArray, resolved, autocomplete)
                : Values(guildId, options, def?["options"] as JsonArray, resolved, autocomplete);
            return [new JsonObject { ["name"] = name, ["type"] = type, ["options"] = inner }];
        }
        return Values(guildId, options, defined, resolved, autocomplete);
    }

    private JsonArray Values(ulong guildId, SlashOption options, JsonArray? defined, JsonObject resolved, bool autocomplete)
    {
        var list = new JsonArray();
        foreach (var (name, value, focused) in options.Values)
        {
            var def = defined?.OfType<JsonObject>().FirstOrDefault(o => Json.String(o["name"]) == name);
            if (defined is not null && def is null) throw new ArgumentException($"The command has no option '{name}'.");
            var type = Json.Int(def?["type"]) ?? InferType(value);
            var o = new JsonObject { ["name"] = name, ["type"] = type };
            o["value"] = autocomplete && focused ? JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "") : OptionValue(guildId, type, value, resolved);
            if (!autocomplete && def?["choices"] is JsonArray { Count: > 0 } choices
                && !choices.Any(c => JsonNode.DeepEquals(c?["value"], o["value"])))
                throw new ArgumentException($"'{value}' is not one of the choices of option '{name}'.");
            if (focused) o["focused"] = true;
            list.Add(o);
        }
        if (!autocomplete && defined is not null)
            foreach (var required in defined.OfType<JsonObject>().Where(o => Json.Bool(o["required"]) == true && Json.Int(o["type"]) > 2))
                if (options.Values.All(v => v.Name != Json.String(required["name"])))
                    throw new ArgumentException($"Required option '{Json.String(required["name"])}' is missing.");
        return list;
    }

    private static int InferType(object? value) => value switch
    {
        bool => 5,
        int or long or short or byte => 4,
        double or float or decimal => 10,
        ulong => 6,
        _ => 3,
    };

    private JsonNode? OptionValue(ulong guildId, int type, object? value, JsonObject resolved)
    {
        switch (type)
        {
            case 6 or 7 or 8 or 9:
                var id = Convert.ToUInt64(value, CultureInfo.InvariantCulture);
                AddResolvedEntity(guildId, id, resolved);
                return Json.Id(id);
            case 4:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case 10:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case 5:
                return Convert.ToBoolean(value, CultureInfo.InvariantCulture);
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Resolves a selected or optioned id; outside a guild (a DM) there are no members or roles to resolve.</summary>
    private void AddResolvedEntity(ulong? guildId, ulong id, JsonObject resolved)
    {
        var guild = guildId is { } g ? _core.Guild(g) : null;
        if (_core.Users.ContainsKey(id)) AddResolvedUser(guildId, id, resolved);
        else if (guild is not null && guild.Roles.TryGetValue(id, out var role)) Bucket(resolved, "roles")[Json.Id(id)] = Payloads.Role(role);
        else if (_core.Channels.TryGetValue(id, out var channel))
        {
            var c = Payloads.Channel(_core, channel);
            c["permissions"] = (guild?.PermissionsOf(_core.BotUser.Id) ?? BotDmPermissions).ToString(CultureInfo.InvariantCulture);
            Bucket(resolved, "channels")[Json.Id(id)] = c;
        }
        else throw new ArgumentException(guild is null ? $"{id} is not a known user or channel (a DM has no roles)." : $"{id} is not a known user, role or channel.");
    }

    private void AddResolvedUser(ulong? guildId, ulong userId, JsonObject resolved)
    {
        Bucket(resolved, "users")[Json.Id(userId)] = Payloads.User(_core.User(userId));
        if (guildId is { } g && _core.Guild(g) is var guild && guild.Members.TryGetValue(userId, out var member))
            Bucket(resolved, "members")[Json.Id(userId)] = Payloads.Member(_core, member, withUser: false, permissions: guild.PermissionsOf(userId));
    }

    private static JsonObject Bucket(JsonObject resolved, string name) =>
        resolved[name] as JsonObject ?? (JsonObject)(resolved[name] = new JsonObject());

    /// <summary>Finds a component by custom_id anywhere in the message's component tree.</summary>
    private (StandInMessage Message, JsonObject Component) FindComponent(ulong channelId, ulong messageId, ulong userId, string customId)
    {
        var message = _core.Messages.TryGetValue(messageId, out var m) && m.ChannelId == channelId && !m.Deleted
            ? m
            : throw new ArgumentException($"No message {messageId} in channel {channelId}.");
        if (message.VisibleOnlyTo is { } owner && owner != userId)
            throw new InvalidOperationException($"Message {messageId} is ephemeral to user {owner}; user {userId} cannot see it.");
        var component = Walk(Json.Node(message.Components)).FirstOrDefault(c => Json.String(c["custom_id"]) == customId)
            ?? throw new InvalidOperationException($"Message {messageId} has no component with custom_id '{customId}'.");
        if (Json.Bool(component["disabled"]) == true) throw new InvalidOperationException($"Component '{customId}' is disabled.");
        return (message, component);
    }

    private static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        if (node is JsonArray array)
            foreach (var child in array) foreach (var c in Walk(child)) yield return c;
        if (node is not JsonObject obj) yield break;
        yield return obj;
        foreach (var key in new[] { "components", "component", "accessory" })
            foreach (var c in Walk(obj[key])) yield return c;
    }
}
