using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace CommunityBot.StandIn.Gateway;

/// <summary>
/// One WebSocket connection. A single writer loop sends queued frames (so dispatches, ACKs and closes never
/// interleave); the receive loop enforces the gateway's rules and hands ops to the hub.
/// </summary>
internal sealed class GatewayConnection
{
    private const int MaxPayloadBytes = 4096;
    private const int SendsPerMinute = 120;

    private readonly GatewayHub _hub;
    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private readonly ZlibStreamDeflater? _deflater;
    private int _closing;
    private long _lastHeartbeatAt = Environment.TickCount64;

    public GatewayConnection(GatewayHub hub, WebSocket socket, HttpContext http, bool onResumePath, bool zlibStream = false)
    {
        _hub = hub;
        _socket = socket;
        _http = http;
        OnResumePath = onResumePath;
        UserAgent = http.Request.Headers.UserAgent.ToString();
        _deflater = zlibStream ? new ZlibStreamDeflater() : null;
    }

    /// <summary>True when this connection's frames are one zlib stream (<c>compress=zlib-stream</c>).</summary>
    public bool Compressed => _deflater is not null;

    public bool OnResumePath { get; }
    public string UserAgent { get; }
    public GatewaySession? Session { get; set; }
    public int? CloseCodeFromClient { get; private set; }
    /// <summary>Fault: this connection's heartbeats never reach the stand-in.</summary>
    public volatile bool LosesHeartbeats;

    public void OnHeartbeat() => Volatile.Write(ref _lastHeartbeatAt, Environment.TickCount64);

    private sealed record Outgoing(byte[]? Frame, int CloseCode = 0, string? CloseReason = null);

    public void Enqueue(byte[] frame) => _outgoing.Writer.TryWrite(new Outgoing(frame));

    public void Send(JsonObject payload) => Enqueue(Encoding.UTF8.GetBytes(payload.ToJsonString()));

    public void SendOp(int op, JsonNode? d) => Send(new JsonObject { ["op"] = op, ["d"] = d, ["s"] = null, ["t"] = null });

    /// <summary>Sends the close frame after everything already queued.</summary>
    public void Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1) return;
        _hub.OnServerClose(this, code);
        _outgoing.Writer.TryWrite(new Outgoing(null, code, reason));
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _closing, 1);
        _outgoing.Writer.TryComplete();
        try
        {
            _http.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The peer closed at the same moment and the request already ended: there is nothing left to drop.
        }
        _socket.Abort();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var sender = Task.Run(() => SendLoopAsync(stopping), CancellationToken.None);
        using var watchdogStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var watchdog = Task.Run(() => WatchHeartbeatsAsync(watchdogStop.Token), CancellationToken.None);
        try
        {
            _hub.OnOpened(this);
            await ReceiveLoopAsync(stopping);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The peer vanished or we were stopped: both end this connection, the session stays resumable.
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            await watchdogStop.CancelAsync();
            await watchdog;
            await sender;
            _deflater?.Dispose();
            _hub.OnClosed(this);
        }
    }

    /// <summary>Drops the connection when no heartbeat arrived within the timeout, counted from HELLO and from each beat.</summary>
    private async Task WatchHeartbeatsAsync(CancellationToken ct)
    {
        var timeout = (long)_hub.Core.Options.EffectiveHeartbeatTimeout.TotalMilliseconds;
        try
        {
            while (true)
            {
                var silentFor = Environment.TickCount64 - Volatile.Read(ref _lastHeartbeatAt);
                if (silentFor >= timeout)
                {
                    if (Volatile.Read(ref _closing) == 1) return; // already on its way out
                    _hub.OnHeartbeatTimeout();
                    Abort();
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(timeout - silentFor), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private async Task SendLoopAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var item in _outgoing.Reader.ReadAllAsync(stopping))
            {
                if (item.Frame is { } frame)
                {
                    await SendFragmentedAsync(frame, stopping);
                    continue;
                }
                await _socket.CloseOutputAsync((WebSocketCloseStatus)item.CloseCode, item.CloseReason, stopping);
                // A client that never answers the close frame is cut off rather than left half-open.
                _ = Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None).ContinueWith(_ => Abort(), TaskScheduler.Default);
                return;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Sending failed because the socket is gone; the receive loop notices too.
        }
    }

    /// <summary>
    /// Large payloads go out as several frames so the client's reassembly is exercised. With zlib-stream the
    /// payload is first compressed through this connection's context and sent as binary, as Discord does.
    /// </summary>
    private async Task SendFragmentedAsync(byte[] payload, CancellationToken ct)
    {
        var (frame, type) = _deflater is { } deflater
            ? (deflater.Compress(payload), WebSocketMessageType.Binary)
            : (payload, WebSocketMessageType.Text);
        var size = Math.Max(1, _hub.Core.Options.GatewayFrameSize);
        if (frame.Length > size) _hub.OnFragmentedMessage();
        for (var offset = 0; offset < frame.Length || frame.Length == 0; offset += size)
        {
            var count = Math.Min(size, frame.Length - offset);
            var last = offset + count >= frame.Length;
            await _socket.SendAsync(new ArraySegment<byte>(frame, offset, count), type, last, ct);
            if (last) break;
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken stopping)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open || _socket.State == WebSocketState.CloseSent)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            var tooLarge = false;
            do
            {
                result = await _socket.ReceiveAsync(buffer, stopping);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseCodeFromClient = (int?)result.CloseStatus;
                    if (_socket.State == WebSocketState.CloseReceived)
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, stopping);
                    return;
                }
                if (message.Length + result.Count > MaxPayloadBytes) tooLarge = true;
                else message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);

            if (Volatile.Read(ref _closing) == 1) continue;
            if (tooLarge)
            {
                _hub.Violation($"client sent a gateway payload larger than {MaxPayloadBytes} bytes");
                Close(4002, "Payload too large.");
                continue;
            }
            if (!CountSend())
            {
                _hub.Violation($"client sent more than {SendsPerMinute} gateway payloads in 60 s");
                Close(4008, "Rate limited.");
                continue;
            }
            JsonObject payload;
            try
            {
                payload = JsonNode.Parse(message.ToArray()) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException)
            {
                _hub.Violation("client sent a gateway payload that is not a JSON object");
                Close(4002, "Error while decoding payload.");
                continue;
            }
            _hub.Handle(this, payload);
        }
    }

    private bool CountSend()
    {
        var now = DateTimeOffset.UtcNow;
        while (_recentSends.Count > 0 && now - _recentSends.Peek() > TimeSpan.FromSeconds(60)) _recentSends.Dequeue();
        _recentSends.Enqueue(now);
        return _recentSends.Count <= SendsPerMinute;
    }
}
