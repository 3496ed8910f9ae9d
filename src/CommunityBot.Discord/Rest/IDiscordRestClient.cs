using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// The REST resources the modules use, named after Discord's docs. Every call passes through the
/// rate limiter; <c>auditReason</c> becomes <c>X-Audit-Log-Reason</c>. Failures throw
/// <see cref="DiscordRestException"/>.
/// </summary>
public interface IDiscordRestClient
{
    // Gateway / application
    Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken ct = default);
    Task<Application> GetCurrentApplicationAsync(CancellationToken ct = default);

    // Channels and messages
    Task<Channel> GetChannelAsync(ulong channelId, CancellationToken ct = default);
    Task<Message> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken ct = default);
    /// <summary>Creates a message. A null nonce gets a fresh one with enforce_nonce, so retries never double-post.</summary>
    Task<Message> CreateMessageAsync(ulong channelId, CreateMessageRequest request, IReadOnlyList<FileUpload>? files = null, CancellationToken ct = default);
    Task<Message> EditMessageAsync(ulong channelId, ulong messageId, EditMessageRequest request, CancellationToken ct = default);
    Task DeleteMessageAsync(ulong channelId, ulong messageId, string? auditReason = null, CancellationToken ct = default);
    /// <summary><paramref name="emoji"/> in route form (unicode or <c>name:id</c>); the client URL-encodes it.</summary>
    Task CreateReactionAsync(ulong channelId, ulong messageId, string emoji, CancellationToken ct = default);
    Task DeleteOwnReactionAsync(ulong channelId, ulong messageId, string emoji, CancellationToken ct = default);
    Task DeleteUserReactionAsync(ulong channelId, ulong messageId, string emoji, ulong userId, CancellationToken ct = default);
    /// <summary>One page (at most <paramref name="limit"/>, 1–100) of the users who reacted with <paramref name="emoji"/>, ids above <paramref name="after"/>.</summary>
    Task<IReadOnlyList<User>> GetReactionsAsync(ulong channelId, ulong messageId, string emoji, ulong after = 0, int limit = 100, CancellationToken ct = default);
    Task<Channel> StartThreadFromMessageAsync(ulong channelId, ulong messageId, StartThreadRequest request, CancellationToken ct = default);
    Task<Channel> CreateDmAsync(ulong recipientId, CancellationToken ct = default);
    Task<Message> EndPollAsync(ulong channelId, ulong messageId, CancellationToken ct = default);
    /// <summary>One page (at most <paramref name="limit"/>, 1–100) of the users who voted for an answer, with ids above <paramref name="after"/>.</summary>
    Task<PollAnswerVoters> GetAnswerVotersAsync(ulong channelId, ulong messageId, int answerId, ulong? after = null, int limit = 100, CancellationToken ct = default);

    // Guilds and members
    Task<Guild> GetGuildAsync(ulong guildId, CancellationToken ct = default);
    Task<IReadOnlyList<Role>> GetGuildRolesAsync(ulong guildId, CancellationToken ct = default);
    Task<IReadOnlyList<Channel>> GetGuildChannelsAsync(ulong guildId, CancellationToken ct = default);
    Task<GuildMember> GetGuildMemberAsync(ulong guildId, ulong userId, CancellationToken ct = default);
    Task<IReadOnlyList<GuildMember>> ListGuildMembersAsync(ulong guildId, int limit = 1000, ulong after = 0, CancellationToken ct = default);
    Task AddGuildMemberRoleAsync(ulong guildId, ulong userId, ulong roleId, string? auditReason = null, CancellationToken ct = default);
    Task RemoveGuildMemberRoleAsync(ulong guildId, ulong userId, ulong roleId, string? auditReason = null, CancellationToken ct = default);
    Task<GuildMember> ModifyGuildMemberAsync(ulong guildId, ulong userId, ModifyGuildMemberRequest request, string? auditReason = null, CancellationToken ct = default);
    /// <summary>Kick.</summary>
    Task RemoveGuildMemberAsync(ulong guildId, ulong userId, string? auditReason = null, CancellationToken ct = default);
    Task CreateGuildBanAsync(ulong guildId, ulong userId, int deleteMessageSeconds = 0, string? auditReason = null, CancellationToken ct = default);
    Task RemoveGuildBanAsync(ulong guildId, ulong userId, string? auditReason = null, CancellationToken ct = default);
    Task<IReadOnlyList<Invite>> GetGuildInvitesAsync(ulong guildId, CancellationToken ct = default);

    // Scheduled events
    Task<IReadOnlyList<GuildScheduledEvent>> ListGuildScheduledEventsAsync(ulong guildId, CancellationToken ct = default);
    Task<GuildScheduledEvent> CreateGuildScheduledEventAsync(ulong guildId, CreateGuildScheduledEventRequest request, string? auditReason = null, CancellationToken ct = default);
    Task<IReadOnlyList<GuildScheduledEventUser>> GetGuildScheduledEventUsersAsync(ulong guildId, ulong eventId, int limit = 100, ulong after = 0, CancellationToken ct = default);

    // Interactions (webhook-token routes: no bot auth, exempt from the global limit, never retried)
    Task CreateInteractionResponseAsync(ulong interactionId, string token, InteractionResponse response, IReadOnlyList<FileUpload>? files = null, CancellationToken ct = default);
    Task<Message> EditOriginalInteractionResponseAsync(ulong applicationId, string token, EditMessageRequest request, IReadOnlyList<FileUpload>? files = null, CancellationToken ct = default);
    Task DeleteOriginalInteractionResponseAsync(ulong applicationId, string token, CancellationToken ct = default);
    Task<Message> CreateFollowupMessageAsync(ulong applicationId, string token, CreateMessageRequest request, IReadOnlyList<FileUpload>? files = null, CancellationToken ct = default);

    // Application commands
    Task<IReadOnlyList<ApplicationCommand>> GetGlobalApplicationCommandsAsync(ulong applicationId, CancellationToken ct = default);
    Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalApplicationCommandsAsync(ulong applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken ct = default);
    Task<IReadOnlyList<ApplicationCommand>> GetGuildApplicationCommandsAsync(ulong applicationId, ulong guildId, CancellationToken ct = default);
    Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildApplicationCommandsAsync(ulong applicationId, ulong guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken ct = default);
}
