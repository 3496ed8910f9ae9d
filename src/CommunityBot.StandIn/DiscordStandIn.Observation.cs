using System.Text.Json;

namespace CommunityBot.StandIn;

/// <summary>Thread-safe views of the stand-in's state for assertions (and later the sandbox page).</summary>
public sealed partial class DiscordStandIn
{
    /// <summary>Live (non-deleted) messages in the channel, oldest first, ephemeral ones included.</summary>
    public IReadOnlyList<StandInMessage> Messages(ulong channelId)
    {
        lock (_core.Gate) return _core.MessagesIn(channelId).ToList();
    }

    /// <summary>Any message ever created (deleted ones have <see cref="StandInMessage.Deleted"/> set).</summary>
    public StandInMessage? GetMessage(ulong messageId)
    {
        lock (_core.Gate) return _core.Messages.GetValueOrDefault(messageId);
    }

    /// <summary>Messages in the user's DM channel (sent by the bot or the user).</summary>
    public IReadOnlyList<StandInMessage> DmsTo(ulong userId)
    {
        lock (_core.Gate)
            return _core.DmChannelByUser.TryGetValue(userId, out var channel) ? _core.MessagesIn(channel).ToList() : [];
    }

    public StandInMember? Member(ulong guildId, ulong userId)
    {
        lock (_core.Gate) return _core.Guild(guildId).Members.GetValueOrDefault(userId);
    }

    public IReadOnlyList<StandInMember> Members(ulong guildId)
    {
        lock (_core.Gate) return _core.Guild(guildId).Members.Values.ToList();
    }

    public IReadOnlyList<StandInBan> Bans(ulong guildId)
    {
        lock (_core.Gate) return _core.Guild(guildId).Bans.Values.ToList();
    }

    public IReadOnlyList<StandInRole> Roles(ulong guildId)
    {
        lock (_core.Gate) return _core.Guild(guildId).Roles.Values.OrderBy(r => r.Position).ToList();
    }

    public IReadOnlyList<StandInChannel> Channels(ulong guildId)
    {
        lock (_core.Gate) return _core.Guild(guildId).ChannelIds.Select(id => _core.Channels[id]).ToList();
    }

    public StandInChannel? GetChannel(ulong channelId)
    {
        lock (_core.Gate) return _core.Channels.GetValueOrDefault(channelId);
    }

    public IReadOnlyList<StandInInvite> Invites(ulong guildId)
    {
        lock (_core.Gate) return _core.Guild(guildId).Invites.Values.ToList();
    }

    public IReadOnlyList<StandInScheduledEvent> ScheduledEvents(ulong guildId)
    {
        lock (_core.Gate) return _core.Guild(guildId).ScheduledEvents.Values.ToList();
    }

    /// <summary>Commands from the last bulk overwrite in that scope (null = global).</summary>
    public IReadOnlyList<RegisteredCommand> RegisteredCommands(ulong? guildId)
    {
        lock (_core.Gate) return _core.Commands.GetValueOrDefault(guildId ?? 0, []);
    }

    public int BulkOverwriteCount(ulong? guildId)
    {
        lock (_core.Gate) return _core.BulkOverwrites.GetValueOrDefault(guildId ?? 0);
    }

    public IReadOnlyList<InteractionHandle> Interactions
    {
        get { lock (_core.Gate) return _core.Interactions.Values.ToList(); }
    }

    /// <summary>Every REST request in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _core.Requests.ToList();

    /// <summary>Requests that did not match Discord's OpenAPI spec (route, query or body).</summary>
    public IReadOnlyList<string> SpecViolations => _core.SpecViolations.ToList();

    /// <summary>Protocol slips the spec cannot see: gateway misuse, missing User-Agent, unversioned paths, resume URL.</summary>
    public IReadOnlyList<string> ProtocolViolations => _core.ProtocolViolations.ToList();

    /// <summary>Requests sent into a known limit (an exhausted bucket, or before retry_after ran out).</summary>
    public int RateLimitExceededCount => Volatile.Read(ref _core.RateLimitExceededCount);

    public void AssertNoSpecViolations()
    {
        var list = SpecViolations;
        if (list.Count > 0)
            throw new StandInAssertionException($"{list.Count} request(s) broke Discord's OpenAPI spec:\n  " + string.Join("\n  ", list));
    }

    public void AssertNoProtocolViolations()
    {
        var list = ProtocolViolations;
        if (list.Count > 0)
            throw new StandInAssertionException($"{list.Count} protocol violation(s):\n  " + string.Join("\n  ", list));
    }

    /// <summary>Waits until <paramref name="condition"/> holds, waking on every state change; throws <see cref="TimeoutException"/>.</summary>
    public Task WaitForAsync(Func<bool> condition, TimeSpan? timeout = null, string? description = null) =>
        StandInWait.UntilAsync(_core, condition, timeout ?? TimeSpan.FromSeconds(10), description);
}

public sealed class StandInAssertionException(string message) : Exception(message);
