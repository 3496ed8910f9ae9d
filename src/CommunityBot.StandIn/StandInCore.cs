using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn;

/// <summary>
/// The stand-in's world: users, guilds, channels, messages, commands and interactions, plus the gateway hub that
/// turns changes into dispatches. Every mutation takes <see cref="Gate"/> and dispatches while holding it, so the
/// order of dispatches always matches the order of changes.
/// </summary>
internal sealed partial class StandInCore
{
    public StandInCore(StandInOptions options)
    {
        Options = options;
        BotUser = new StandInUser(Ids.Next(), options.BotUsername, isBot: true);
        ApplicationId = BotUser.Id;
        Users[BotUser.Id] = BotUser;
        Hub = new Gateway.GatewayHub(this);
        Faults = new StandInFaults(this);
    }

    public object Gate { get; } = new();
    public StandInOptions Options { get; }
    public SnowflakeGenerator Ids { get; } = new();
    public StandInUser BotUser { get; }
    public ulong ApplicationId { get; }
    public Gateway.GatewayHub Hub { get; }
    public StandInFaults Faults { get; }
    public string BaseAddress { get; set; } = "";

    public Dictionary<ulong, StandInUser> Users { get; } = new();
    public Dictionary<ulong, GuildState> Guilds { get; } = new();
    public Dictionary<ulong, StandInChannel> Channels { get; } = new();
    public Dictionary<ulong, StandInMessage> Messages { get; } = new();
    public Dictionary<ulong, List<ulong>> ChannelMessages { get; } = new();
    public Dictionary<ulong, ulong> DmChannelByUser { get; } = new();
    public Dictionary<ulong, InteractionHandle> Interactions { get; } = new();
    public Dictionary<string, InteractionHandle> InteractionsByToken { get; } = new();
    /// <summary>Key 0 holds global commands, otherwise the guild id.</summary>
    public Dictionary<ulong, ImmutableList<RegisteredCommand>> Commands { get; } = new();
    public Dictionary<ulong, int> BulkOverwrites { get; } = new();
    public Dictionary<(ulong Channel, ulong Author, string Nonce), (ulong MessageId, DateTimeOffset At)> Nonces { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public ConcurrentQueue<string> SpecViolations { get; } = new();
    public ConcurrentQueue<string> ProtocolViolations { get; } = new();
    public int RateLimitExceededCount;

    public event Action<StateChange>? Changed;

    public void Notify(StateChange change)
    {
        try { Changed?.Invoke(change); }
        catch (Exception) { /* an observer's failure must never break the stand-in's own flow */ }
    }

    public void Notify(IEnumerable<StateChange> changes)
    {
        foreach (var c in changes) Notify(c);
    }

    public GuildState Guild(ulong guildId) =>
        Guilds.TryGetValue(guildId, out var g) ? g : throw new ArgumentException($"Unknown guild {guildId}.", nameof(guildId));

    public StandInChannel Channel(ulong channelId) =>
        Channels.TryGetValue(channelId, out var c) ? c : throw new ArgumentException($"Unknown channel {channelId}.", nameof(channelId));

    public StandInUser User(ulong userId) =>
        Users.TryGetValue(userId, out var u) ? u : throw new ArgumentException($"Unknown user {userId}.", nameof(userId));

    public IEnumerable<StandInMessage> MessagesIn(ulong channelId) =>
        ChannelMessages.TryGetValue(channelId, out var ids) ? ids.Select(id => Messages[id]).Where(m => !m.Deleted) : [];

    public StandInUser CreateUser(string username, bool isBot)
    {
        var user = new StandInUser(Ids.Next(), username, isBot) { GlobalName = username };
        lock (Gate) Users[user.Id] = user;
        return user;
    }

    public GuildState CreateGuild(string name, ulong ownerId)
    {
        GuildState guild;
        lock (Gate)
        {
            User(ownerId);
            guild = new GuildState(Ids.Next(), name, ownerId);
            guild.Roles[guild.Id] = new StandInRole(guild.Id, guild.Id, "@everyone", Permissions.DefaultEveryone, 0);
            var botRole = new StandInRole(Ids.Next(), guild.Id, BotUser.Username, Options.BotPermissions, 100) { Managed = true };
            guild.Roles[botRole.Id] = botRole;
            guild.BotRoleId = botRole.Id;
            var joined = DateTimeOffset.UtcNow;
            guild.Members[ownerId] = new StandInMember(guild.Id, ownerId, [], joined);
            guild.Members[BotUser.Id] = new StandInMember(guild.Id, BotUser.Id, [botRole.Id], joined);
            Guilds[guild.Id] = guild;
            // A guild created while the bot is connected is a guild the bot just joined.
            Hub.Dispatch("GUILD_CREATE", Payloads.GuildCreate(this, guild), Intents.Guilds, guildId: guild.Id);
        }
        Notify(new StateChange(StateChangeKind.GuildCreated, guild.Id));
        return guild;
    }

    public StandInChannel AddChannel(ulong guildId, string name, int type, ulong? parentId = null, ulong? ownerId = null, ulong? id = null)
    {
        StandInChannel channel;
        lock (Gate)
        {
            var guild = Guild(guildId);
            channel = new StandInChannel(id ?? Ids.Next(), guildId, name, type)
            {
                ParentId = parentId,
                OwnerId = ownerId,
                Position = guild.ChannelIds.Count,
            };
            Channels[channel.Id] = channel;
            guild.ChannelIds.Add(channel.Id);
            ChannelMessages[channel.Id] = new List<ulong>();
            var payload = Payloads.Channel(this, channel);
            if (channel.IsThread)
            {
                payload["newly_created"] = true;
                Hub.Dispatch("THREAD_CREATE", payload, Intents.Guilds, guildId: guildId);
            }
            else Hub.Dispatch("CHANNEL_CREATE", payload, Intents.Guilds, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.ChannelCreated, guildId, channel.Id, channel.Id));
        return channel;
    }

    public StandInRole AddRole(ulong guildId, string name, ulong permissions, int position, bool mentionable)
    {
        StandInRole role;
        lock (Gate)
        {
            var guild = Guild(guildId);
            role = new StandInRole(Ids.Next(), guildId, name, permissions, position) { Mentionable = mentionable };
            guild.Roles[role.Id] = role;
            Hub.Dispatch("GUILD_ROLE_CREATE", new JsonObject { ["guild_id"] = Json.Id(guildId), ["role"] = Payloads.Role(role) },
                Intents.Guilds, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.RoleCreated, guildId, EntityId: role.Id));
        return role;
    }

    /// <summary>Deletes a role as Discord does: members lose it silently (no member update) and GUILD_ROLE_DELETE follows.</summary>
    public void DeleteRole(ulong guildId, ulong roleId)
    {
        lock (Gate)
        {
            var guild = Guild(guildId);
            if (roleId == guildId || roleId == guild.BotRoleId || !guild.Roles.Remove(roleId))
                throw new ArgumentException($"Role {roleId} cannot be deleted (unknown, @everyone or the bot's managed role).");
            foreach (var member in guild.Members.Values.Where(m => m.Roles.Contains(roleId)).ToList())
                guild.Members[member.UserId] = member with { Roles = member.Roles.Remove(roleId) };
            Hub.Dispatch("GUILD_ROLE_DELETE", new JsonObject { ["guild_id"] = Json.Id(guildId), ["role_id"] = Json.Id(roleId) }, Intents.Guilds, guildId: guildId);
        }
        Notify(new StateChange(StateChangeKind.RoleDeleted, guildId, EntityId: roleId));
    }

    public StandInChannel DmChannelFor(ulong userId)
    {
        lock (Gate)
        {
            if (DmChannelByUser.TryGetValue(userId, out var existing)) return Channels[existing];
            User(userId);
            var channel = new StandInChannel(Ids.Next(), null, "", ChannelKinds.Dm) { RecipientId = userId };
            Channels[channel.Id] = channel;
            ChannelMessages[channel.Id] = new List<ulong>();
            DmChannelByUser[userId] = channel.Id;
            return channel;
        }
    }

    /// <summary>The guild's full member view as Discord sends it on GUILD_MEMBER_* events.</summary>
    public JsonObject MemberEvent(GuildState guild, StandInMember member)
    {
        var o = Payloads.Member(this, member);
        o["guild_id"] = Json.Id(guild.Id);
        return o;
    }
}
