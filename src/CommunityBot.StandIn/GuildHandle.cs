namespace CommunityBot.StandIn;

/// <summary>Sets up one guild's state. Creating things while the bot is connected dispatches the matching *_CREATE event.</summary>
public sealed class GuildHandle
{
    private readonly StandInCore _core;

    internal GuildHandle(StandInCore core, ulong id)
    {
        _core = core;
        Id = id;
    }

    public ulong Id { get; }
    /// <summary>@everyone's id equals the guild id.</summary>
    public ulong EveryoneRoleId => Id;
    public ulong BotRoleId { get { lock (_core.Gate) return _core.Guild(Id).BotRoleId; } }
    public ulong OwnerId { get { lock (_core.Gate) return _core.Guild(Id).OwnerId; } }

    public StandInChannel AddTextChannel(string name) => _core.AddChannel(Id, name, ChannelKinds.GuildText);

    public StandInChannel AddForumChannel(string name) => _core.AddChannel(Id, name, ChannelKinds.GuildForum);

    public StandInChannel AddThread(ulong parentChannelId, string name, ulong ownerId)
    {
        lock (_core.Gate)
            if (_core.Channel(parentChannelId).GuildId != Id) throw new ArgumentException("The parent channel is in another guild.");
        return _core.AddChannel(Id, name, ChannelKinds.PublicThread, parentChannelId, ownerId);
    }

    public StandInRole AddRole(string name, ulong permissions = 0, int position = 1, bool mentionable = false) =>
        _core.AddRole(Id, name, permissions, position, mentionable);

    /// <summary>Deletes a role (members lose it) and dispatches GUILD_ROLE_DELETE.</summary>
    public void DeleteRole(ulong roleId) => _core.DeleteRole(Id, roleId);

    /// <summary>Makes the user a member without any dispatch (state that existed before the bot connected).</summary>
    public StandInMember AddMember(ulong userId, params ulong[] roles) => _core.AddMember(Id, userId, roles, dispatch: false);

    public StandInInvite AddInvite(ulong channelId, ulong? inviterId = null, string? code = null, int maxUses = 0, int maxAge = 0) =>
        _core.AddInvite(Id, channelId, inviterId, code, maxUses, maxAge);

    /// <summary>
    /// Sets the Server Primary Language (<c>preferred_locale</c>, <c>guild_locale</c> on interactions). Set it before
    /// the bot connects: no GUILD_UPDATE is dispatched.
    /// </summary>
    public string PreferredLocale
    {
        get { lock (_core.Gate) return _core.Guild(Id).PreferredLocale; }
        set { lock (_core.Gate) _core.Guild(Id).PreferredLocale = value; }
    }

    /// <summary>Changes @everyone's permissions (e.g. to take SEND_MESSAGES away).</summary>
    public void SetEveryonePermissions(ulong permissions)
    {
        lock (_core.Gate)
        {
            var guild = _core.Guild(Id);
            guild.Roles[Id] = guild.Roles[Id] with { Permissions = permissions };
        }
    }

    /// <summary>Changes the bot's managed role (to test how the bot copes with missing permissions).</summary>
    public void SetBotPermissions(ulong permissions)
    {
        lock (_core.Gate)
        {
            var guild = _core.Guild(Id);
            guild.Roles[guild.BotRoleId] = guild.Roles[guild.BotRoleId] with { Permissions = permissions };
        }
    }

    /// <summary>The member's guild-level permissions as Discord computes them (owner, roles, ADMINISTRATOR, timeout).</summary>
    public ulong PermissionsOf(ulong userId)
    {
        lock (_core.Gate) return _core.Guild(Id).PermissionsOf(userId);
    }
}
