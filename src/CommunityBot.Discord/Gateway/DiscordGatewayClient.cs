using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using CommunityBot.Discord.Gateway.Compression;
using CommunityBot.Discord.Gateway.Socket;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommunityBot.Discord.Gateway;

/// <summary>
/// One gateway session on <see cref="System.Net.WebSockets.ClientWebSocket"/>, following checklist §1.15:
/// <see cref="RunAsync"/> is the single owner of the socket lifecycle (connect → HELLO → IDENTIFY/RESUME →
/// receive), reconnecting with capped, jittered backoff until cancelled or a fatal close code.
/// The receive loop only parses, tracks <c>s</c>, decodes and enqueues; heartbeats run on their own task.
/// </summary>
public sealed partial class DiscordGatewayClient : IGatewayClient
{
    public const int MaxPayloadBytes = 4096;

    private readonly DiscordClientOptions _options;
    private readonly IDiscordRestClient _rest;
    private readonly ILogger _log;
    private readonly IGatewaySocketFactory _sockets;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly GatewayTimings _timings;
    private readonly Channel<GatewayEvent> _events;
    private readonly IdentifyGate _identifyGate;

    private string? _gatewayUrl;
    private volatile string? _sessionId;
    private volatile string? _resumeUrl;
    /// <summary>When the first of the current run of failed resume connects happened (owner loop only).</summary>
    private long? _resumeFailingSince;
    private int _sequence = -1;
    private volatile bool _connected;
    private GatewayConnection? _connection;
    private TaskCompletionSource _sessionReady = NewSignal();
    private GuildStartup? _guildStartup;
    private int _running;

    public DiscordGatewayClient(IOptions<DiscordClientOptions> options, IDiscordRestClient rest, ILogger<DiscordGatewayClient> logger)
        : this(options.Value, rest, logger, new ClientWebSocketFactory(options.Value.UserAgent), TimeProvider.System, Random.Shared.NextDouble, GatewayTimings.Default)
    {
    }

    internal DiscordGatewayClient(DiscordClientOptions options, IDiscordRestClient rest, ILogger logger, IGatewaySocketFactory sockets,
        TimeProvider time, Func<double> random, GatewayTimings timings)
    {
        _options = options;
        _rest = rest;
        _log = logger;
        _sockets = sockets;
        _time = time;
        _random = random;
        _timings = timings;
        _identifyGate = new IdentifyGate(time, logger, timings.IdentifyWindow);
        _events = Channel.CreateBounded<GatewayEvent>(new BoundedChannelOptions(Math.Max(1, options.EventQueueCapacity))
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<GatewayEvent> Events => _events.Reader;
    public event Action<GatewayHeartbeat>? HeartbeatAcknowledged;
    /// <summary>
    /// How the current session's start-up ended: every guild READY listed arrived as GUILD_CREATE or GUILD_DELETE, or
    /// the start-up timeout passed first and <see cref="GuildsReadyInfo.Missing"/> names the rest. Null until then,
    /// and again after a new READY.
    /// </summary>
    public GuildsReadyInfo? GuildStartupResult => Volatile.Read(ref _guildStartup)?.Result;
    public bool AreGuildsReady => GuildStartupResult is not null;
    public bool IsConnected => _connected;
    public string? SessionId => _sessionId;
    public int? LastSequence => Volatile.Read(ref _sequence) is var s and >= 0 ? s : null;
    /// <summary>Where the next RESUME goes (from READY); null without a resumable session.</summary>
    public string? ResumeGatewayUrl => _resumeUrl;
    /// <summary>The bot's own user, from READY.</summary>
    public User? CurrentUser { get; private set; }
    /// <summary>The application id, from READY (never parsed from the token).</summary>
    public ulong? ApplicationId { get; private set; }

    // ---- owner loop -----------------------------------------------------------------------------

    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException("The gateway session is already running.");
        var failures = 0;
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var resuming = _sessionId is not null && _resumeUrl is not null;
                ConnectionEnd end;
                var reachedSession = false;
                try
                {
                    var url = resuming ? _resumeUrl! : await GetGatewayUrlAsync(ct).ConfigureAwait(false);
                    (end, reachedSession) = await RunConnectionAsync(url, resuming, ct).ConfigureAwait(false);
                }
                catch (DiscordRestException ex) when (ex.Status == System.Net.HttpStatusCode.Unauthorized)
                {
                    end = new ConnectionEnd(NextStep.Fatal, 4004, "Discord rejected the token (401 on GET /gateway/bot): check Discord__Token");
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && ex is not GatewayFatalException)
                {
                    end = ConnectionEnd.FailedToConnect("could not get the gateway url: " + ex.Message);
                }

                if (reachedSession) _resumeFailingSince = null;
                await ApplyEndAsync(end, resuming, ct).ConfigureAwait(false);
                failures = reachedSession || end.InvalidSession ? 0 : failures + 1;
                if (failures > 0)
                {
                    var delay = Backoff(failures);
                    _log.LogInformation("Reconnecting to the gateway in {Delay:0.0}s (attempt {Attempt})", delay.TotalSeconds, failures + 1);
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _connected = false;
            _events.Writer.TryComplete();
            Interlocked.Exchange(ref _guildStartup, null)?.Dispose();
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task ApplyEndAsync(ConnectionEnd end, bool wasResuming, CancellationToken ct)
    {
        switch (end.Next)
        {
            case NextStep.Fatal:
                // One clear line for the operator, then stop: looping on a bad token or intents gets the IP banned.
                _log.LogCritical("{Reason}. The gateway will not reconnect.", end.Reason);
                throw new GatewayFatalException(end.CloseCode ?? 0, end.Reason);
            case NextStep.NewSession:
                _log.LogWarning("Gateway {Reason}", end.Reason);
                ClearSession();
                break;
            case NextStep.InvalidSession:
                ClearSession();
                var wait = _timings.InvalidSessionMinDelay + (_timings.InvalidSessionMaxDelay - _timings.InvalidSessionMinDelay) * _random();
                _log.LogWarning("Gateway session invalidated (op 9, not resumable); identifying again in {Wait:0.0}s", wait.TotalSeconds);
                await Task.Delay(wait, _time, ct).ConfigureAwait(false);
                break;
            default:
                if (GatewayCloseCodes.IsOurBug(end.CloseCode)) _log.LogError("Gateway {Reason} (the client sent something Discord could not accept)", end.Reason);
                else if (end.CloseCode == 4008) _log.LogWarning("Gateway {Reason} (sent too fast)", end.Reason);
                else _log.LogInformation("Gateway {Reason}", end.Reason);
                if (end.ConnectFailed)
                {
                    // A resume that cannot connect is tried again (with backoff) for ResumeRetryWindow, since Discord keeps
                    // the session resumable for a while; only then is it given up for a fresh session at the cached url
                    // (G § Handling a Disconnect). A failed fresh connect re-asks /gateway/bot for the url.
                    if (wasResuming) GiveUpResumingIfTooLong();
                    else _gatewayUrl = null;
                }
                break;
        }
    }

    private void GiveUpResumingIfTooLong()
    {
        var now = _time.GetTimestamp();
        _resumeFailingSince ??= now;
        var failingFor = _time.GetElapsedTime(_resumeFailingSince.Value, now);
        if (failingFor < _timings.ResumeRetryWindow)
        {
            _log.LogInformation("Resuming could not connect; trying to resume again (session kept for up to {Window:0}s more)",
                (_timings.ResumeRetryWindow - failingFor).TotalSeconds);
            return;
        }
        _log.LogWarning("Resuming has not connected for {Seconds:0}s; starting a new session", failingFor.TotalSeconds);
        ClearSession();
    }

    private TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 16);
        var capped = Math.Min(_timings.BackoffBase.TotalMilliseconds * Math.Pow(2, exponent), _options.MaxReconnectDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + 0.5 * _random()));
    }

    private void ClearSession()
    {
        _resumeFailingSince = null;
        _sessionId = null;
        _resumeUrl = null;
        Volatile.Write(ref _sequence, -1);
    }

    private async Task<string> GetGatewayUrlAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(_options.GatewayUrl)) return _options.GatewayUrl;
        if (_gatewayUrl is { } cached) return cached;
        var info = await _rest.GetGatewayBotAsync(ct).ConfigureAwait(false);
        _identifyGate.Update(info.SessionStartLimit);
        if (info.Shards > _options.ShardCount)
            _log.LogWarning("Discord recommends {Recommended} shards; configured {Configured}", info.Shards, _options.ShardCount);
        return _gatewayUrl = info.Url;
    }

    /// <summary>
    /// G § Connecting: the same <c>v</c>, <c>encoding</c> and <c>compress</c> on the first url and on resume_gateway_url.
    /// </summary>
    internal static Uri BuildGatewayUri(string baseUrl, GatewayCompression compression = GatewayCompression.None)
    {
        var query = compression == GatewayCompression.ZlibStream ? "v=10&encoding=json&compress=zlib-stream" : "v=10&encoding=json";
        var builder = new UriBuilder(baseUrl) { Query = query };
        if (string.IsNullOrEmpty(builder.Path)) builder.Path = "/";
        return builder.Uri;
    }

    // ---- one connection -------------------------------------------------------------------------

    private async Task<(ConnectionEnd End, bool ReachedSession)> RunConnectionAsync(string url, bool resuming, CancellationToken ct)
    {
        var uri = BuildGatewayUri(url, _options.GatewayCompression);
        var socket = _sockets.Create();
        await using var _ = socket.ConfigureAwait(false);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // G § zlib-stream: every connection (a resume too) is a new zlib stream, so it gets its own inflate context.
        using var inflater = _options.GatewayCompression == GatewayCompression.ZlibStream ? new ZlibStreamInflater() : null;
        var conn = new GatewayConnection(socket, new GatewaySendLimiter(_time), lifetime, resuming) { Inflater = inflater };
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connectTimeout.CancelAfter(_timings.ConnectTimeout);
            await socket.ConnectAsync(uri, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return (ConnectionEnd.FailedToConnect($"could not connect to {uri.Host}: {ex.Message}"), false);
        }

        _log.LogInformation("Connected to the gateway at {Host} (compression: {Compression}); {Mode}", uri.Host, _options.GatewayCompression,
            resuming ? "resuming the session" : "identifying");
        Volatile.Write(ref _connection, conn);
        using var helloTimer = _time.CreateTimer(_ =>
        {
            if (!conn.HelloReceived) _ = TerminateAsync(conn, ConnectionEnd.Resume("sent no HELLO in time"), 4000);
        }, null, _timings.HelloTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            var end = await ReceiveLoopAsync(conn, ct).ConfigureAwait(false);
            return (end, conn.ReachedSession);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await CloseQuietlyAsync(conn, 1000, "shutting down").ConfigureAwait(false);
            throw;
        }
        finally
        {
            _connected = false;
            if (_sessionReady.Task.IsCompleted) Volatile.Write(ref _sessionReady, NewSignal());
            Volatile.Write(ref _connection, null);
            await lifetime.CancelAsync().ConfigureAwait(false);
            if (conn.HeartbeatTask is { } heartbeat) await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<ConnectionEnd> ReceiveLoopAsync(GatewayConnection conn, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var token = conn.Lifetime.Token;
        while (true)
        {
            buffer.ResetWrittenCount();
            SocketFrame frame;
            try
            {
                // G § Receiving: one gateway message may span several frames; reassemble until EndOfMessage.
                do
                {
                    frame = await conn.Socket.ReceiveAsync(buffer.GetMemory(4096), token).ConfigureAwait(false);
                    if (frame.IsClose) break;
                    buffer.Advance(frame.Count);
                } while (!frame.EndOfMessage);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                return conn.End ?? ConnectionEnd.Resume($"connection lost ({ex.GetType().Name}: {ex.Message}): resuming");
            }

            if (frame.IsClose)
                return conn.End ?? GatewayCloseCodes.Classify(frame.CloseCode, frame.CloseReason);
            var message = buffer.WrittenMemory;
            if (conn.Inflater is { } inflater)
            {
                try
                {
                    if (!inflater.TryInflate(message.Span, out message)) continue; // the flush block goes on in the next message
                }
                catch (InvalidDataException ex)
                {
                    // Nothing after a broken block can be inflated: only a new connection (new stream) recovers.
                    _log.LogWarning("The gateway's zlib stream is corrupt ({Error}); reconnecting to resume", ex.Message);
                    await TerminateAsync(conn, ConnectionEnd.Resume("sent a corrupt zlib stream: resuming on a new connection"), 4000).ConfigureAwait(false);
                    return conn.End!;
                }
            }
            if (!await HandleMessageAsync(conn, message, token).ConfigureAwait(false))
                return conn.End ?? ConnectionEnd.Resume("connection ended");
        }
    }

    /// <summary>Handles one message; false ends the connection.</summary>
    private async ValueTask<bool> HandleMessageAsync(GatewayConnection conn, ReadOnlyMemory<byte> message, CancellationToken token)
    {
        GatewayFrame frame;
        try
        {
            frame = GatewayFrame.Parse(message.Span, decodeDispatch: true, _options.ShardId);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            _log.LogWarning("Ignoring a gateway message that is not a valid payload ({Length} bytes): {Error}", message.Length, ex.Message);
            return true;
        }

        switch (frame.Op)
        {
            case GatewayOpcodes.Dispatch:
                await OnDispatchAsync(conn, frame, frame.Data(message), token).ConfigureAwait(false);
                return true;
            case GatewayOpcodes.Hello:
                OnHello(conn, frame.Data(message.Span));
                return true;
            case GatewayOpcodes.HeartbeatAck:
                OnHeartbeatAck(conn);
                return true;
            case GatewayOpcodes.Heartbeat:
                // G § Heartbeat Requests: answer at once, without waiting for the interval.
                await SendHeartbeatAsync(conn, token).ConfigureAwait(false);
                return true;
            case GatewayOpcodes.Reconnect:
                // GE § Reconnect: may arrive at any time, even before HELLO.
                await TerminateAsync(conn, ConnectionEnd.Resume("asked us to reconnect (op 7): resuming"), 4000).ConfigureAwait(false);
                return false;
            case GatewayOpcodes.InvalidSession:
                var resumable = frame.HasData && frame.Data(message.Span).SequenceEqual("true"u8);
                var end = resumable
                    ? ConnectionEnd.Resume("invalidated the session (op 9, resumable): resuming") with { InvalidSession = true }
                    : new ConnectionEnd(NextStep.InvalidSession, null, "invalidated the session (op 9, not resumable)") { InvalidSession = true };
                await TerminateAsync(conn, end, 4000).ConfigureAwait(false);
                return false;
            default:
                _log.LogDebug("Ignoring gateway op {Op}", frame.Op);
                return true;
        }
    }

    private async ValueTask OnDispatchAsync(GatewayConnection conn, GatewayFrame frame, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        // G § Dispatch Events: remember the last non-null s, in arrival order, before anyone sees the event.
        if (frame.Sequence is { } s) Volatile.Write(ref _sequence, s);
        var name = frame.EventName ?? "";
        var sequence = frame.Sequence ?? 0;
        GatewayEvent? evt = frame.Dispatch;
        var error = frame.DecodeError;
        if (evt is null && error is null && frame.HasData)
        {
            // `d` arrived before `t` in this payload, so it could not be decoded during the envelope pass.
            try { evt = DispatchDecoder.Decode(name, sequence, _options.ShardId, data.Span); }
            catch (Exception ex) when (DispatchDecoder.IsDecodeFailure(ex)) { error = ex; }
        }
        while (Json.Wire.WireTolerance.TryTakeNew(out var skipped)) _log.LogWarning("In a {Event} dispatch: {Problem}", name, skipped);
        if (evt is null)
        {
            if (error is not null)
                _log.LogWarning("Could not decode {Event} (seq {Sequence}): {Error}; passing it on raw", name, sequence, error.Message);
            evt = DispatchDecoder.Unknown(data.Span, name, sequence, _options.ShardId);
        }

        switch (evt)
        {
            case ReadyEvent ready:
                _sessionId = ready.SessionId;
                _resumeUrl = string.IsNullOrEmpty(ready.ResumeGatewayUrl) ? null : ready.ResumeGatewayUrl;
                CurrentUser = ready.User;
                ApplicationId = ready.Application?.Id;
                OnSessionEstablished(conn, $"READY as {ready.User.Username} ({ready.Guilds.Length} guilds)");
                StartGuildStartup(ready.Guilds.Select(g => g.Id));
                break;
            case UnknownDispatchEvent { Name: GatewayEventNames.Ready } raw:
                // Even a READY we cannot fully model must still give us the session to resume.
                if (raw.Data.ValueKind == JsonValueKind.Object && raw.Data.TryGetProperty("session_id", out var id))
                {
                    _sessionId = id.GetString();
                    _resumeUrl = raw.Data.TryGetProperty("resume_gateway_url", out var url) ? url.GetString() : null;
                }
                OnSessionEstablished(conn, "READY");
                StartGuildStartup([]);
                break;
            case ResumedEvent:
                OnSessionEstablished(conn, $"RESUMED at seq {LastSequence}");
                break;
        }

        if (!_events.Writer.TryWrite(evt)) await WaitForQueueAsync(conn, evt, token).ConfigureAwait(false);
        // Counted once the event is queued, so once start-up reads as over, every GUILD_CREATE is already in the queue.
        if (evt is GuildCreateEvent created) _guildStartup?.Arrived(created.Guild.Id);
        else if (evt is GuildDeleteEvent deleted) _guildStartup?.Arrived(deleted.Id);
    }

    private async ValueTask WaitForQueueAsync(GatewayConnection conn, GatewayEvent evt, CancellationToken token)
    {
        // Queue full: wait for handlers (backpressure). Heartbeats keep going on their own task, and the
        // zombie check is suspended meanwhile because ACKs cannot be read while we are not reading.
        conn.BlockedOnQueue = true;
        _log.LogWarning("Gateway event queue is full ({Capacity}); reading pauses until handlers catch up", _options.EventQueueCapacity);
        try
        {
            await _events.Writer.WriteAsync(evt, token).ConfigureAwait(false);
        }
        finally
        {
            conn.BlockedOnQueue = false;
        }
    }

    /// <summary>A new READY starts a new count; a RESUME keeps the running one (the replay brings what is missing).</summary>
    private void StartGuildStartup(IEnumerable<ulong> guildIds)
    {
        Interlocked.Exchange(ref _guildStartup, null)?.Dispose();
        Volatile.Write(ref _guildStartup, new GuildStartup(guildIds, _time, _timings.GuildStartupTimeout, LogGuildStartup));
    }

    private void LogGuildStartup(GuildsReadyInfo info)
    {
        if (info.TimedOut)
            _log.LogWarning("{Missing} of {Expected} guilds did not arrive within {Timeout:0.#}s of READY ({Ids}); carrying on without them",
                info.Missing.Count, info.Expected, _timings.GuildStartupTimeout.TotalSeconds, string.Join(", ", info.Missing));
        else
            _log.LogInformation("All {Expected} guilds arrived {Elapsed:0.###}s after READY", info.Expected, info.Elapsed.TotalSeconds);
    }

    private void OnSessionEstablished(GatewayConnection conn, string what)
    {
        conn.ReachedSession = true;
        _connected = true;
        _sessionReady.TrySetResult();
        _log.LogInformation("Gateway session established: {What}", what);
    }

    // ---- HELLO, heartbeats, handshake -----------------------------------------------------------

    private void OnHello(GatewayConnection conn, ReadOnlySpan<byte> data)
    {
        var interval = TimeSpan.FromMilliseconds(JsonSerializer.Deserialize(data, DiscordJsonContext.Default.HelloPayload)?.HeartbeatInterval ?? 41_250);
        var firstHello = !conn.HelloReceived;
        conn.HelloReceived = true;

        // A new HELLO starts a new heartbeat loop with a clean slate: a stale "awaiting ACK" flag
        // would make the next beat declare a healthy connection dead.
        conn.HeartbeatStop?.Cancel();
        conn.AwaitingAck = false;
        var stop = CancellationTokenSource.CreateLinkedTokenSource(conn.Lifetime.Token);
        conn.HeartbeatStop = stop;
        conn.HeartbeatTask = Task.Run(() => HeartbeatLoopAsync(conn, interval, stop.Token));

        if (firstHello) _ = Task.Run(() => HandshakeAsync(conn));
    }

    private async Task HeartbeatLoopAsync(GatewayConnection conn, TimeSpan interval, CancellationToken token)
    {
        try
        {
            // G § Heartbeat Interval: the first beat after interval * jitter, jitter random in [0, 1).
            await Task.Delay(interval * _random(), _time, token).ConfigureAwait(false);
            while (true)
            {
                if (conn.AwaitingAck)
                {
                    if (conn.BlockedOnQueue)
                        _log.LogWarning("No HEARTBEAT_ACK read yet, but the receive loop is waiting on the full event queue; not treating it as a zombie");
                    else
                    {
                        _log.LogWarning("No HEARTBEAT_ACK since the last heartbeat: zombie connection, reconnecting to resume");
                        await TerminateAsync(conn, ConnectionEnd.Resume("zombie connection (missed HEARTBEAT_ACK): resuming"), 4000).ConfigureAwait(false);
                        return;
                    }
                }
                await SendHeartbeatAsync(conn, token).ConfigureAwait(false);
                await Task.Delay(interval, _time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection or this loop ended.
        }
        catch (Exception ex)
        {
            _log.LogWarning("Heartbeat failed: {Error}", ex.Message);
            await TerminateAsync(conn, ConnectionEnd.Resume("heartbeat could not be sent: resuming"), 4000).ConfigureAwait(false);
        }
    }

    private Task SendHeartbeatAsync(GatewayConnection conn, CancellationToken token)
    {
        conn.AwaitingAck = true;
        Interlocked.Exchange(ref conn.LastHeartbeatAt, _time.GetTimestamp());
        return SendAsync(conn, HeartbeatPayload(LastSequence), heartbeat: true, token);
    }

    private void OnHeartbeatAck(GatewayConnection conn)
    {
        conn.AwaitingAck = false;
        var latency = _time.GetElapsedTime(Interlocked.Read(ref conn.LastHeartbeatAt));
        var handler = HeartbeatAcknowledged;
        if (handler is null) return;
        var beat = new GatewayHeartbeat(_time.GetUtcNow(), latency);
        // Off the receive loop: a slow health-check subscriber must not delay reading.
        ThreadPool.QueueUserWorkItem(static state =>
        {
            try { state.handler(state.beat); }
            catch (Exception ex) { state.log.LogWarning(ex, "A HeartbeatAcknowledged handler failed"); }
        }, (handler, beat, log: _log), preferLocal: false);
    }

    private async Task HandshakeAsync(GatewayConnection conn)
    {
        var token = conn.Lifetime.Token;
        try
        {
            if (conn.Resuming && _sessionId is { } sessionId)
            {
                var resume = new ResumePayload { Token = RawToken, SessionId = sessionId, Seq = Math.Max(0, LastSequence ?? 0) };
                await SendAsync(conn, Envelope(GatewayOpcodes.Resume, resume, DiscordJsonContext.Default.ResumePayload), heartbeat: false, token).ConfigureAwait(false);
                return;
            }
            await _identifyGate.WaitAsync(token).ConfigureAwait(false);
            var identify = new IdentifyPayload
            {
                Token = RawToken,
                Intents = (int)_options.Intents,
                Shard = [_options.ShardId, Math.Max(1, _options.ShardCount)],
                LargeThreshold = 50,
            };
            await SendAsync(conn, Envelope(GatewayOpcodes.Identify, identify, DiscordJsonContext.Default.IdentifyPayload), heartbeat: false, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
        catch (Exception ex)
        {
            _log.LogWarning("Could not send {What}: {Error}", conn.Resuming ? "RESUME" : "IDENTIFY", ex.Message);
            await TerminateAsync(conn, ConnectionEnd.Resume("handshake failed: resuming"), 4000).ConfigureAwait(false);
        }
    }

    /// <summary>GE § Identify: the raw token, without the <c>Bot </c> prefix the REST header uses.</summary>
    private string RawToken => _options.Token.StartsWith("Bot ", StringComparison.Ordinal) ? _options.Token[4..] : _options.Token;

    // ---- sending and closing --------------------------------------------------------------------

    private async Task SendAsync(GatewayConnection conn, byte[] payload, bool heartbeat, CancellationToken token)
    {
        EnsureFits(payload);
        await conn.SendLimiter.AcquireAsync(heartbeat, token).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(_timings.SendTimeout);
        await conn.SendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            await conn.Socket.SendAsync(payload, timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            conn.SendLock.Release();
        }
    }

    /// <summary>G § Sending Events: a payload over 4096 bytes closes the connection with 4002, so refuse it here.</summary>
    private static void EnsureFits(byte[] payload)
    {
        if (payload.Length > MaxPayloadBytes)
            throw new ArgumentException($"A gateway payload may be at most {MaxPayloadBytes} bytes; this one is {payload.Length}.", nameof(payload));
    }

    /// <summary>Ends a connection on purpose: never with 1000/1001 when we intend to resume (G § Initiating a Disconnect).</summary>
    private async Task TerminateAsync(GatewayConnection conn, ConnectionEnd end, int closeCode)
    {
        if (!conn.TryEnd(end)) return;
        await CloseQuietlyAsync(conn, closeCode, "reconnecting").ConfigureAwait(false);
        try { await conn.Lifetime.CancelAsync().ConfigureAwait(false); }
        catch (ObjectDisposedException) { /* the connection already finished */ }
    }

    private async Task CloseQuietlyAsync(GatewayConnection conn, int closeCode, string reason)
    {
        using var timeout = new CancellationTokenSource(_timings.CloseTimeout);
        var locked = false;
        try
        {
            locked = await conn.SendLock.WaitAsync(_timings.CloseTimeout).ConfigureAwait(false);
            await conn.Socket.CloseOutputAsync(closeCode, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.LogDebug("Close frame not sent: {Error}", ex.Message);
        }
        finally
        {
            if (locked) conn.SendLock.Release();
        }
    }

    private static byte[] HeartbeatPayload(int? sequence)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op", GatewayOpcodes.Heartbeat);
            if (sequence is { } s) writer.WriteNumber("d", s); else writer.WriteNull("d");
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    internal static byte[] Envelope<T>(int op, T data, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op", op);
            writer.WritePropertyName("d");
            JsonSerializer.Serialize(writer, data, typeInfo);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
