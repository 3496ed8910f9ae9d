using System.Diagnostics;
using System.Text.Json;

namespace CommunityBot.StandIn;

/// <summary>The initial response the bot gave to an interaction, and how long after the dispatch it came.</summary>
public sealed record InteractionCallback(int Type, JsonElement? Data, TimeSpan Elapsed)
{
    public bool IsEphemeral => Data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("flags", out var f)
        && f.ValueKind == JsonValueKind.Number && (f.GetInt32() & 64) != 0;

    public string? Content => Data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("content", out var c)
        && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

    /// <summary>For type 9: the modal's custom_id.</summary>
    public string? CustomId => Data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("custom_id", out var c)
        && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
}

/// <summary>
/// An interaction the stand-in dispatched on a member's behalf. It times the bot's callback from the dispatch with a
/// monotonic clock, enforces the 3-second deadline and the single acknowledgement, and collects what followed.
/// </summary>
public sealed class InteractionHandle
{
    private readonly StandInCore _core;
    private readonly TaskCompletionSource<InteractionCallback> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ulong> _followups = new();

    internal InteractionHandle(StandInCore core, ulong id, string token, int type, ulong? guildId, ulong channelId, ulong userId,
        ulong? sourceMessageId, JsonElement payload)
    {
        _core = core;
        Id = id;
        Token = token;
        Type = type;
        GuildId = guildId;
        ChannelId = channelId;
        UserId = userId;
        SourceMessageId = sourceMessageId;
        Payload = payload;
    }

    public ulong Id { get; }
    public string Token { get; }
    /// <summary>RR § Interaction Type: 2 command, 3 component, 4 autocomplete, 5 modal submit.</summary>
    public int Type { get; }
    public ulong? GuildId { get; }
    public ulong ChannelId { get; }
    public ulong UserId { get; }
    /// <summary>The message a component sits on (or a modal was opened from).</summary>
    public ulong? SourceMessageId { get; }
    /// <summary>The INTERACTION_CREATE payload exactly as dispatched.</summary>
    public JsonElement Payload { get; }

    internal long DispatchedAt { get; set; }
    internal bool Acknowledged { get; private set; }
    internal bool Deferred { get; private set; }
    internal ulong? OriginalMessageId { get; set; }
    /// <summary>After a type-5 defer the first follow-up fills the loading message.</summary>
    internal bool AwaitingDeferredContent { get; set; }

    public TimeSpan SinceDispatch => Stopwatch.GetElapsedTime(DispatchedAt);
    public InteractionCallback? Response => _response.Task.IsCompletedSuccessfully ? _response.Task.Result : null;
    /// <summary>Callbacks refused with 40060 (second acknowledgement) or 10062 (too late).</summary>
    public int RejectedCallbacks { get; internal set; }

    public IReadOnlyList<StandInMessage> Followups
    {
        get { lock (_core.Gate) return _followups.Select(id => _core.Messages[id]).ToList(); }
    }

    /// <summary>The message the initial response made or edited (type 4/5 reply, or the component message for 6/7).</summary>
    public StandInMessage? OriginalResponse
    {
        get { lock (_core.Gate) return OriginalMessageId is { } id && _core.Messages.TryGetValue(id, out var m) ? m : null; }
    }

    /// <summary>Waits for the bot's callback; throws <see cref="TimeoutException"/> when none arrives in time.</summary>
    public async Task<InteractionCallback> WaitForResponseAsync(TimeSpan timeout)
    {
        try
        {
            return await _response.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The bot did not answer interaction {Id} (type {Type}) within {timeout.TotalSeconds:0.###} s.");
        }
    }

    /// <summary>Waits until the bot has sent at least <paramref name="count"/> follow-ups.</summary>
    public Task WaitForFollowupsAsync(int count, TimeSpan timeout) =>
        StandInWait.UntilAsync(_core, () => { lock (_core.Gate) return _followups.Count >= count; }, timeout,
            $"{count} follow-up(s) to interaction {Id}");

    internal void Acknowledge(InteractionCallback callback)
    {
        Acknowledged = true;
        Deferred = callback.Type is 5 or 6;
        _response.TrySetResult(callback);
    }

    internal void AddFollowup(ulong messageId) => _followups.Add(messageId);

    internal bool OwnsFollowup(ulong messageId) => _followups.Contains(messageId);
}
