using System.Security.Cryptography;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Json.Wire;
using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Rest;

// The endpoint map of checklist §8: one method per Discord resource call, route templates as in the spec.
public sealed partial class DiscordRestClient
{
    private static readonly DiscordJsonContext Json = DiscordJsonContext.Default;

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken ct = default) =>
        SendAsync(new RestRoute(HttpMethod.Get, "/gateway/bot"), "/gateway/bot", null, Json.GatewayBotInfo, null, ct);

    public Task<Application> GetCurrentApplicationAsync(CancellationToken ct = default) =>
        SendAsync(new RestRoute(HttpMethod.Get, "/applications/@me"), "/applications/@me", null, Json.Application, null, ct);

    // ---- channels and messages ------------------------------------------------------------------

    public Task<Channel> GetChannelAsync(ulong channelId, CancellationToken ct = default) =>
        SendAsync(ChannelRoute(HttpMethod.Get, "/channels/{channel_id}", channelId), $"/channels/{Id(channelId)}", null, MessageReader.ChannelValue, null, ct);

    public Task<Message> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken ct = default) =>
        SendAsync(ChannelRoute(HttpMethod.Get, "/channels/{channel_id}/messages/{message_id}", channelId),
            $"/channels/{Id(channelId)}/messages/{Id(messageId)}", null, MessageReader.MessageValue, null, ct);

    public Task<Message> CreateMessageAsync(ulong channelId, CreateMessageRequest request, IReadOnlyList<FileUpload>? files = null, CancellationToken ct = default)
    {
        MessageLimits.Validate(request.Content, request.Embeds);
        // MSG § Create Message: with enforce_nonce Discord answers a repeated nonce with the first message,
        // which is what makes this POST safe to retry.
        var body = request with
        {
            Nonce = request.Nonce ?? NewNonce(),
            EnforceNonce = request.EnforceNonce ?? true,
            Attachments = AttachmentsFor(files, request.Attachments),
        };
        var route = ChannelRoute(HttpMethod.Post, "/channels/{channel_id}/messages", channelId) with { IsIdempotent = body.EnforceNonce == true };
        return SendAsync(route, $"/channels/{Id(channelId)}/messages", Body(body, Json.CreateMessageRequest, files), MessageReader.MessageValue, null, ct);
    }

    /// <summary>A nonce of 25 characters (the documented maximum), unique enough for Discord's dedupe window.</summary>
    internal static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(13))[..25];

    public Task<Message> EditMessageAsync(ulong channelId, ulong messageId, EditMessageRequest request, CancellationToken ct = default)
    {
        MessageLimits.Validate(request.Content, request.Embeds);
        return SendAsync(ChannelRoute(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", channelId),
            $"/channels/{Id(channelId)}/messages/{Id(messageId)}", JsonBody(request, Json.EditMessageRequest), MessageReader.MessageValue, null, ct);
    }

    public async Task DeleteMessageAsync(ulong channelId, ulong messageId, string? auditReason = null, CancellationToken ct = default)
    {
        using var _ = await SendAsync(ChannelRoute(HttpMethod.Delete, "/channels/{channel_id}/messages/{message_id}", channelId),
            $"/channels/{Id(channelId)}/messages/{Id(messageId)}", null, auditReason, ct).ConfigureAwait(false);
    }

    /// <summary>MSG § Create Reaction: the emoji must be URL-encoded in the path (10014 otherwise).</summary>
    internal static string EncodeEmoji(string emoji) => Uri.EscapeDataString(emoji);

    public async Task CreateReactionAsync(ulong channelId, ulong messageId, string emoji, CancellationToken ct = default)
    {
        using var _ = await SendAsync(ChannelRoute(HttpMethod.Put, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", channelId),
            $"/channels/{Id(channelId)}/messages/{Id(messageId)}/reactions/{EncodeEmoji(emoji)}/@me", null, null, ct).ConfigureAwait(false);
    }

    public async Task DeleteOwnReactionAsync(ulong channelId, ulong messageId, string emoji, CancellationToken ct = default)
    {
        using var _ = await SendAsync(ChannelRoute(HttpMethod.Delete, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", channelId),
            $"/channels/{Id(channelId)}/messages/{Id(messageId)}/reactions/{EncodeEmoji(emoji)}/@me", null, null, ct).ConfigureAwait(false);
    }

    public async Task DeleteUserReactionAsync(ulong channelId, ulong messageId, string emoji, ulong userId, CancellationToken ct = default)
    {
        using var _ = await SendAsync(ChannelRoute(HttpMethod.Delete, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}", channelId),
            $"/channels/{Id(channelId)}/messages/{Id(messageId)}/reactions/{EncodeEmoji(emoji)}/{Id(userId)}", null, null, ct).ConfigureAwait(false);
    }

    /// <summary>MSG § Get Reactions: users in id order, paged with <c>after</c>.</summary>
    public async Task<IReadOnlyList<User>> GetReactionsAsync(ulong channelId, ulong messageId, string emoji, ulong after = 0, int limit = 100, CancellationToken ct = default) =>
        await SendAsync(ChannelRoute(HttpMethod.Get, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}", channelId),
            $"/channels/{Id(channelId)}/messages/{Id(messageId)}/reactions/{EncodeEmoji(emoji)}?limit={Math.Clamp(limit, 1, 100)}&after={Id(after)}",
            null, Json.UserArray, null, ct).ConfigureAwait(false);

    public Task<Channel> StartThreadFromMessageAsync(ulong channelId, ulong messageId, StartThreadRequest request, CancellationToken ct = default) =>
        SendAsync(ChannelRoute(HttpMethod.Post, "/channels/{channel_id}/messages/{message_id}/threads", channelId),
            $"/channels/{Id(channelId)}/messages/{Id(messageId)}/threads", JsonBody(request, Json.StartThreadRequest), MessageReader.ChannelValue, null, ct);

    /// <summary>The recipient's DM channel: opened once, then served from <see cref="DmChannelCache"/>.</summary>
    public Task<Channel> CreateDmAsync(ulong recipientId, CancellationToken ct = default) =>
        // The shared request must not die with the first caller's token; each caller still stops waiting on its own.
        _dmChannels.GetOrOpenAsync(recipientId, () => SendAsync(new RestRoute(HttpMethod.Post, "/users/@me/channels"), "/users/@me/channels",
            JsonBody(new CreateDmRequest { RecipientId = recipientId }, Json.CreateDmRequest), MessageReader.ChannelValue, null, CancellationToken.None)).WaitAsync(ct);

    public Task<Message> EndPollAsync(ulong channelId, ulong messageId, CancellationToken ct = default) =>
        SendAsync(ChannelRoute(HttpMethod.Post, "/channels/{channel_id}/polls/{message_id}/expire", channelId),
            $"/channels/{Id(channelId)}/polls/{Id(messageId)}/expire", null, MessageReader.MessageValue, null, ct);

    public Task<PollAnswerVoters> GetAnswerVotersAsync(ulong channelId, ulong messageId, int answerId, ulong? after = null, int limit = 100, CancellationToken ct = default)
    {
        var query = $"?limit={Math.Clamp(limit, 1, 100)}" + (after is { } a ? $"&after={Id(a)}" : "");
        return SendAsync(ChannelRoute(HttpMethod.Get, "/channels/{channel_id}/polls/{message_id}/answers/{answer_id}", channelId),
            $"/channels/{Id(channelId)}/polls/{Id(messageId)}/answers/{answerId.ToString(System.Globalization.CultureInfo.InvariantCulture)}{query}",
            null, Json.PollAnswerVoters, null, ct);
    }

    // ---- guilds and members ---------------------------------------------------------------------

    public Task<Guild> GetGuildAsync(ulong guildId, CancellationToken ct = default) =>
        SendAsync(GuildRoute(HttpMethod.Get, "/guilds/{guild_id}", guildId), $"/guilds/{Id(guildId)}", null, Json.Guild, null, ct);

    public async Task<IReadOnlyList<Role>> GetGuildRolesAsync(ulong guildId, CancellationToken ct = default) =>
        await SendAsync(GuildRoute(HttpMethod.Get, "/guilds/{guild_id}/roles", guildId), $"/guilds/{Id(guildId)}/roles", null, Json.RoleArray, null, ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<Channel>> GetGuildChannelsAsync(ulong guildId, CancellationToken ct = default) =>
        await SendAsync(GuildRoute(HttpMethod.Get, "/guilds/{guild_id}/channels", guildId), $"/guilds/{Id(guildId)}/channels", null, Json.ChannelArray, null, ct).ConfigureAwait(false);

    public Task<GuildMember> GetGuildMemberAsync(ulong guildId, ulong userId, CancellationToken ct = default) =>
        SendAsync(GuildRoute(HttpMethod.Get, "/guilds/{guild_id}/members/{user_id}", guildId),
            $"/guilds/{Id(guildId)}/members/{Id(userId)}", null, MemberReaders.MemberValue, null, ct);

    public async Task<IReadOnlyList<GuildMember>> ListGuildMembersAsync(ulong guildId, int limit = 1000, ulong after = 0, CancellationToken ct = default) =>
        await SendAsync(GuildRoute(HttpMethod.Get, "/guilds/{guild_id}/members", guildId),
            $"/guilds/{Id(guildId)}/members?limit={Math.Clamp(limit, 1, 1000)}&after={Id(after)}", null, Json.GuildMemberArray, null, ct).ConfigureAwait(false);

    public async Task AddGuildMemberRoleAsync(ulong guildId, ulong userId, ulong roleId, string? auditReason = null, CancellationToken ct = default)
    {
        using var _ = await SendAsync(GuildRoute(HttpMethod.Put, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", guildId),
            $"/guilds/{Id(guildId)}/members/{Id(userId)}/roles/{Id(roleId)}", null, auditReason, ct).ConfigureAwait(false);
    }

    public async Task RemoveGuildMemberRoleAsync(ulong guildId, ulong userId, ulong roleId, string? auditReason = null, CancellationToken ct = default)
    {
        using var _ = await SendAsync(GuildRoute(HttpMethod.Delete, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", guildId),
            $"/guilds/{Id(guildId)}/members/{Id(userId)}/roles/{Id(roleId)}", null, auditReason, ct).ConfigureAwait(false);
    }

    public Task<GuildMember> ModifyGuildMemberAsync(ulong guildId, ulong userId, ModifyGuildMemberRequest request, string? auditReason = null, CancellationToken ct = default) =>
        SendAsync(GuildRoute(HttpMethod.Patch, "/guilds/{guild_id}/members/{user_id}", guildId),
            $"/guilds/{Id(guildId)}/members/{Id(userId)}", JsonBody(request, Json.ModifyGuildMemberRequest), MemberReaders.MemberValue, auditReason, ct);

    public async Task RemoveGuildMemberAsync(ulong guildId, ulong userId, string? auditReason = null, CancellationToken ct = default)
    {
        using var _ = await SendAsync(GuildRoute(HttpMethod.Delete, "/guilds/{guild_id}/members/{user_id}", guildId),
            $"/guilds/{Id(guildId)}/members/{Id(userId)}", null, auditReason, ct).ConfigureAwait(false);
    }

    public async Task CreateGuildBanAsync(ulong guildId, ulong userId, int deleteMessageSeconds = 0, string? auditReason = null, CancellationToken ct = default)
    {
        var body = new CreateGuildBanRequest { DeleteMessageSeconds = Math.Clamp(deleteMessageSeconds, 0, 604_800) };
        using var _ = await SendAsync(GuildRoute(HttpMethod.Put, "/guilds/{guild_id}/bans/{user_id}", guildId),
            $"/guilds/{Id(guildId)}/bans/{Id(userId)}", JsonBody(body, Json.CreateGuildBanRequest), auditReason, ct).ConfigureAwait(false);
    }

    public async Task RemoveGuildBanAsync(ulong guildId, ulong userId, string? auditReason = null, CancellationToken ct = default)
    {
        using var _ = await SendAsync(GuildRoute(HttpMethod.Delete, "/guilds/{guild_id}/bans/{user_id}", guildId),
            $"/guilds/{Id(guildId)}/bans/{Id(userId)}", null, auditReason, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Invite>> GetGuildInvitesAsync(ulong guildId, CancellationToken ct = default) =>
        await SendAsync(GuildRoute(HttpMethod.Get, "/guilds/{guild_id}/invites", guildId), $"/guilds/{Id(guildId)}/invites", null, Json.InviteArray, null, ct).ConfigureAwait(false);

    // ---- scheduled events -----------------------------------------------------------------------

    public async Task<IReadOnlyList<GuildScheduledEvent>> ListGuildScheduledEventsAsync(ulong guildId, CancellationToken ct = default) =>
        await SendAsync(GuildRoute(HttpMethod.Get, "/guilds/{guild_id}/scheduled-events", guildId),
            $"/guilds/{Id(guildId)}/scheduled-events", null, Json.GuildScheduledEventArray, null, ct).ConfigureAwait(false);

    public Task<GuildScheduledEvent> CreateGuildScheduledEventAsync(ulong guildId, CreateGuildScheduledEventRequest request, string? auditReason = null, CancellationToken ct = default) =>
        SendAsync(GuildRoute(HttpMethod.Post, "/guilds/{guild_id}/scheduled-events", guildId),
            $"/guilds/{Id(guildId)}/scheduled-events", JsonBody(request, Json.CreateGuildScheduledEventRequest), Json.GuildScheduledEvent, auditReason, ct);

    public async Task<IReadOnlyList<GuildScheduledEventUser>> GetGuildScheduledEventUsersAsync(ulong guildId, ulong eventId, int limit = 100, ulong after = 0, CancellationToken ct = default) =>
        await SendAsync(GuildRoute(HttpMethod.Get, "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users", guildId),
            $"/guilds/{Id(guildId)}/scheduled-events/{Id(eventId)}/users?limit={Math.Clamp(limit, 1, 100)}&with_member=true&after={Id(after)}",
            null, Json.GuildScheduledEventUserArray, null, ct).ConfigureAwait(false);

    // ---- interactions (webhook-token routes) ----------------------------------------------------

    public async Task CreateInteractionResponseAsync(ulong interactionId, string token, InteractionResponse response, IReadOnlyList<FileUpload>? files = null, CancellationToken ct = default)
    {
        MessageLimits.Validate(response.Data?.Content, response.Data?.Embeds);
        ModalLimits.Validate(response);
        if (files is { Count: > 0 } && response.Data is { } data)
            response = response with { Data = data with { Attachments = AttachmentsFor(files, data.Attachments) } };
        // Keyed per interaction; never retried by Polly (a racing retry would answer 40060).
        var route = new RestRoute(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback",
            "interaction:" + Id(interactionId), UsesWebhookToken: true);
        using var _ = await SendAsync(route, $"/interactions/{Id(interactionId)}/{Uri.EscapeDataString(token)}/callback",
            Body(response, Json.InteractionResponse, files), null, ct).ConfigureAwait(false);
    }

    public Task<Message> EditOriginalInteractionResponseAsync(ulong applicationId, string token, EditMessageRequest request, IReadOnlyList<FileUpload>? files = null, CancellationToken ct = default)
    {
        MessageLimits.Validate(request.Content, request.Embeds);
        var body = request with { Attachments = AttachmentsFor(files, request.Attachments) };
        return SendAsync(WebhookRoute(HttpMethod.Patch, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", applicationId, token),
            $"/webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}/messages/@original", Body(body, Json.EditMessageRequest, files), MessageReader.MessageValue, null, ct);
    }

    public async Task DeleteOriginalInteractionResponseAsync(ulong applicationId, string token, CancellationToken ct = default)
    {
        using var _ = await SendAsync(WebhookRoute(HttpMethod.Delete, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", applicationId, token),
            $"/webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}/messages/@original", null, null, ct).ConfigureAwait(false);
    }

    public Task<Message> CreateFollowupMessageAsync(ulong applicationId, string token, CreateMessageRequest request, IReadOnlyList<FileUpload>? files = null, CancellationToken ct = default)
    {
        MessageLimits.Validate(request.Content, request.Embeds);
        // Execute Webhook has no nonce: the POST is not retried.
        var body = request with { Attachments = AttachmentsFor(files, request.Attachments) };
        return SendAsync(WebhookRoute(HttpMethod.Post, "/webhooks/{webhook_id}/{webhook_token}", applicationId, token),
            $"/webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}?wait=true", Body(body, Json.CreateMessageRequest, files), MessageReader.MessageValue, null, ct);
    }

    // ---- application commands -------------------------------------------------------------------

    public async Task<IReadOnlyList<ApplicationCommand>> GetGlobalApplicationCommandsAsync(ulong applicationId, CancellationToken ct = default) =>
        await SendAsync(new RestRoute(HttpMethod.Get, "/applications/{application_id}/commands"),
            $"/applications/{Id(applicationId)}/commands", null, Json.ApplicationCommandArray, null, ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalApplicationCommandsAsync(ulong applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken ct = default)
    {
        ApplicationCommandRules.Validate(commands);
        return await SendAsync(new RestRoute(HttpMethod.Put, "/applications/{application_id}/commands"),
            $"/applications/{Id(applicationId)}/commands", JsonBody(commands.ToArray(), Json.ApplicationCommandArray), Json.ApplicationCommandArray, null, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApplicationCommand>> GetGuildApplicationCommandsAsync(ulong applicationId, ulong guildId, CancellationToken ct = default) =>
        await SendAsync(GuildRoute(HttpMethod.Get, "/applications/{application_id}/guilds/{guild_id}/commands", guildId),
            $"/applications/{Id(applicationId)}/guilds/{Id(guildId)}/commands", null, Json.ApplicationCommandArray, null, ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildApplicationCommandsAsync(ulong applicationId, ulong guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken ct = default)
    {
        ApplicationCommandRules.Validate(commands);
        return await SendAsync(GuildRoute(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands", guildId),
            $"/applications/{Id(applicationId)}/guilds/{Id(guildId)}/commands", JsonBody(commands.ToArray(), Json.ApplicationCommandArray), Json.ApplicationCommandArray, null, ct).ConfigureAwait(false);
    }
}
