using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest.Routes;

/// <summary>
/// RR § Interaction Callback and the webhook routes behind follow-ups. These need no bot token and skip the global
/// budget. One acknowledgement per interaction (40060 after that), none after the deadline (10062).
/// </summary>
internal static class InteractionRoutes
{
    private const string Hook = "/webhooks/{webhook_id}/{webhook_token}";
    private const int LoadingFlag = 1 << 7;

    public static void Map(RouteTable<RouteDefinition> routes)
    {
        routes.Add("POST", "/interactions/{interaction_id}/{interaction_token}/callback", new(Callback, BotAuth: false, GlobalBudget: false));
        routes.Add("POST", Hook, new(Followup, BotAuth: false, GlobalBudget: false));
        routes.Add("GET", Hook + "/messages/@original", new(r => RestResult.Ok(Payloads.Message(r.Core, Original(r))), BotAuth: false, GlobalBudget: false));
        routes.Add("PATCH", Hook + "/messages/@original", new(EditOriginal, BotAuth: false, GlobalBudget: false));
        routes.Add("DELETE", Hook + "/messages/@original", new(r =>
        {
            r.Core.DeleteMessage(Original(r).Id);
            return RestResult.NoContent;
        }, BotAuth: false, GlobalBudget: false));
        routes.Add("GET", Hook + "/messages/{message_id}", new(r => RestResult.Ok(Payloads.Message(r.Core, FollowupMessage(r))), BotAuth: false, GlobalBudget: false));
        routes.Add("PATCH", Hook + "/messages/{message_id}", new(r =>
        {
            var message = FollowupMessage(r);
            var updated = r.Core.UpdateMessage(message.Id, m => MessageBodies.ApplyEdit(r, m, r.Object))!;
            return RestResult.Ok(Payloads.Message(r.Core, updated));
        }, BotAuth: false, GlobalBudget: false));
        routes.Add("DELETE", Hook + "/messages/{message_id}", new(r =>
        {
            r.Core.DeleteMessage(FollowupMessage(r).Id);
            return RestResult.NoContent;
        }, BotAuth: false, GlobalBudget: false));
    }

    private static RestResult Callback(RestRequest r)
    {
        var id = r.Id("interaction_id");
        if (!r.Core.Interactions.TryGetValue(id, out var interaction) || interaction.Token != r.Param("interaction_token"))
            throw RestError.UnknownInteraction();
        if (interaction.Acknowledged)
        {
            interaction.RejectedCallbacks++;
            throw RestError.AlreadyAcknowledged();
        }
        var elapsed = Stopwatch.GetElapsedTime(interaction.DispatchedAt);
        if (elapsed > r.Core.Options.InteractionDeadline)
        {
            interaction.RejectedCallbacks++;
            throw RestError.UnknownInteraction();
        }
        var body = r.Object;
        var type = Json.Int(body["type"]) ?? throw RestError.InvalidForm("type", "This field is required");
        var data = body["data"] as JsonObject;
        if (!Allowed(interaction.Type, type)) throw RestError.InvalidForm("type", $"Callback type {type} is not valid for interaction type {interaction.Type}.");

        StandInMessage? message = null;
        switch (type)
        {
            case 4:
            {
                var draft = Draft(r, interaction, data ?? new JsonObject());
                MessageBodies.RequireContent(draft);
                message = r.Core.CreateMessage(draft);
                interaction.OriginalMessageId = message.Id;
                break;
            }
            case 5:
            {
                var flags = Json.Int(data?["flags"]) ?? 0;
                if ((flags & ~64) != 0) throw RestError.InvalidForm("data.flags", "Only EPHEMERAL may be set when deferring.");
                message = r.Core.CreateMessage(Draft(r, interaction, new JsonObject()) with
                {
                    Flags = flags | LoadingFlag,
                    VisibleOnlyTo = (flags & 64) != 0 ? interaction.UserId : null,
                });
                interaction.OriginalMessageId = message.Id;
                interaction.AwaitingDeferredContent = true;
                break;
            }
            case 6:
                interaction.OriginalMessageId = interaction.SourceMessageId;
                break;
            case 7:
            {
                var source = interaction.SourceMessageId ?? throw RestError.InvalidForm("type", "No message to update.");
                message = r.Core.UpdateMessage(source, m => MessageBodies.ApplyEdit(r, m, data ?? new JsonObject()));
                interaction.OriginalMessageId = source;
                break;
            }
            case 8:
                if (data?["choices"] is not JsonArray choices || choices.Count > 25)
                    throw RestError.InvalidForm("data.choices", "Must be between 0 and 25 in length.");
                break;
            case 9:
                if (string.IsNullOrEmpty(Json.String(data?["custom_id"])) || string.IsNullOrEmpty(Json.String(data?["title"]))
                    || data?["components"] is not JsonArray { Count: >= 1 and <= 5 })
                    throw RestError.InvalidForm("data", "A modal needs custom_id, title and 1–5 components.");
                break;
        }
        interaction.Acknowledge(new InteractionCallback(type, Json.Element(data), elapsed));
        r.Core.Notify(new StateChange(StateChangeKind.InteractionResponded, interaction.GuildId, interaction.ChannelId, interaction.Id));
        if (!r.QueryBool("with_response")) return RestResult.NoContent;
        var resource = new JsonObject { ["type"] = type };
        if (message is not null) resource["message"] = Payloads.Message(r.Core, message);
        return RestResult.Ok(new JsonObject
        {
            ["interaction"] = new JsonObject
            {
                ["id"] = Json.Id(interaction.Id),
                ["type"] = interaction.Type,
                ["response_message_id"] = Json.Id(message?.Id),
                ["response_message_loading"] = type == 5,
                ["response_message_ephemeral"] = message?.IsEphemeral ?? false,
            },
            ["resource"] = resource,
        });
    }

    /// <summary>RR § Interaction Callback Type: which responses fit which interaction.</summary>
    private static bool Allowed(int interactionType, int callbackType) => interactionType switch
    {
        1 => callbackType == 1,
        2 => callbackType is 4 or 5 or 9,
        3 => callbackType is 4 or 5 or 6 or 7 or 9,
        4 => callbackType == 8,
        5 => callbackType is 4 or 5 or 6 or 7,
        _ => false,
    };

    private static MessageDraft Draft(RestRequest r, InteractionHandle interaction, JsonObject data)
    {
        var draft = MessageBodies.Draft(r, interaction.ChannelId, r.Core.BotUser.Id, data, webhook: true) with
        {
            InteractionId = interaction.Id,
            Type = interaction.Type == 2 ? 20 : 0,
        };
        if (data["poll"] is JsonObject poll) draft = draft with { Poll = MessageBodies.Poll(poll) };
        return (draft.Flags & 64) != 0 ? draft with { VisibleOnlyTo = interaction.UserId } : draft;
    }

    private static InteractionHandle ByToken(RestRequest r)
    {
        if (r.Id("webhook_id") != r.Core.ApplicationId) throw RestError.UnknownWebhook();
        if (!r.Core.InteractionsByToken.TryGetValue(r.Param("webhook_token"), out var interaction)) throw RestError.UnknownWebhook();
        if (Stopwatch.GetElapsedTime(interaction.DispatchedAt) > r.Core.Options.InteractionTokenLifetime)
            throw new RestError(401, 50027, "Invalid Webhook Token");
        if (!interaction.Acknowledged) throw RestError.UnknownWebhook();
        return interaction;
    }

    private static StandInMessage Original(RestRequest r)
    {
        var interaction = ByToken(r);
        return interaction.OriginalResponse is { Deleted: false } m ? m : throw RestError.UnknownMessage();
    }

    private static StandInMessage FollowupMessage(RestRequest r)
    {
        var interaction = ByToken(r);
        var id = r.Id("message_id");
        return (interaction.OwnsFollowup(id) || interaction.OriginalMessageId == id) && r.Core.Messages.TryGetValue(id, out var m) && !m.Deleted
            ? m
            : throw RestError.UnknownMessage();
    }

    private static RestResult EditOriginal(RestRequest r)
    {
        var original = Original(r);
        var interaction = ByToken(r);
        interaction.AwaitingDeferredContent = false;
        var updated = r.Core.UpdateMessage(original.Id, m =>
        {
            var edited = MessageBodies.ApplyEdit(r, m, r.Object);
            return edited with { Flags = edited.Flags & ~LoadingFlag };
        })!;
        return RestResult.Ok(Payloads.Message(r.Core, updated));
    }

    private static RestResult Followup(RestRequest r)
    {
        var interaction = ByToken(r);
        var body = r.Object;
        if (interaction.AwaitingDeferredContent && interaction.OriginalMessageId is { } loading)
        {
            // RR: after a type-5 defer the first follow-up replaces the loading message; its ephemeral flag is ignored.
            interaction.AwaitingDeferredContent = false;
            var filled = r.Core.UpdateMessage(loading, m =>
            {
                var edited = MessageBodies.ApplyEdit(r, m, body);
                return edited with { Flags = (edited.Flags & ~LoadingFlag & ~64) | (m.Flags & 64) };
            }, edited: false)!;
            return RestResult.Ok(Payloads.Message(r.Core, filled));
        }
        var draft = Draft(r, interaction, body);
        MessageBodies.RequireContent(draft);
        var message = r.Core.CreateMessage(draft);
        interaction.AddFollowup(message.Id);
        r.Core.Notify(new StateChange(StateChangeKind.InteractionResponded, interaction.GuildId, interaction.ChannelId, interaction.Id));
        return RestResult.Ok(Payloads.Message(r.Core, message));
    }
}
