using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CommunityBot.Discord.Gateway.Socket;

namespace CommunityBot.Tests.Discord.Fakes;

/// <summary>A scripted gateway server on the far side of one connection.</summary>
internal sealed class FakeGatewaySocket : IGatewaySocket
{
    private readonly Channel<Func<Memory<byte>, SocketFrame>> _incoming = Channel.CreateUnbounded<Func<Memory<byte>, SocketFrame>>();
    private readonly ConcurrentQueue<JsonElement> _sent = new();
    private readonly TaskCompletionSource<int> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri? ConnectedTo { get; private set; }
    public Exception? FailConnectWith { get; set; }
    public Task<int> ClosedByClient => _closed.Task;
    public IReadOnlyList<JsonElement> Sent => _sent.ToArray();
    public bool Disposed { get; private set; }

    public Task ConnectAsync(Uri uri, CancellationToken ct)
    {
        ConnectedTo = uri;
        return FailConnectWith is { } ex ? Task.FromException(ex) : Task.CompletedTask;
    }

    // ---- server side --------------------------------------------------------------------------

    /// <summary>
    /// Turns each outgoing payload into the bytes put on the wire (e.g. a zlib-stream compressor); null sends UTF-8 text.
    /// </summary>
    public Func<string, byte[]>? Encode { get; init; }

    public void Send(string json) => SendFragments(json, 1);

    /// <summary>One message split over <paramref name="parts"/> frames, only the last with EndOfMessage.</summary>
    public void SendFragments(string json, int parts) => SendBytes(Encode?.Invoke(json) ?? Encoding.UTF8.GetBytes(json), parts);

    /// <summary>Raw bytes as one message over <paramref name="parts"/> frames.</summary>
    public void SendBytes(byte[] bytes, int parts = 1)
    {
        var size = (int)Math.Ceiling(bytes.Length / (double)parts);
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var chunk = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
            var last = offset + size >= bytes.Length;
            _incoming.Writer.TryWrite(buffer =>
            {
                chunk.CopyTo(buffer);
                return new SocketFrame(chunk.Length, last);
            });
        }
    }

    public void Hello(int intervalMs = 45_000) => Send("{\"op\":10,\"d\":{\"heartbeat_interval\":" + intervalMs + "},\"s\":null,\"t\":null}");

    public void Ready(string sessionId = "session-1", string resumeUrl = "wss://resume.example", int seq = 1) => Send($$"""
        {"op":0,"s":{{seq}},"t":"READY","d":{"v":10,"user":{"id":"80351110224678912","username":"CommunityBot","bot":true},
        "guilds":[{"id":"41771983423143937","unavailable":true}],"session_id":"{{sessionId}}","resume_gateway_url":"{{resumeUrl}}",
        "shard":[0,1],"application":{"id":"80351110224678912","flags":0} } }
        """);

    public void Dispatch(string name, int seq, string data) => Send($$"""{"op":0,"s":{{seq}},"t":"{{name}}","d":""" + data + "}");

    public void Ack() => Send("""{"op":11}""");

    public void Close(int code, string reason = "") =>
        _incoming.Writer.TryWrite(_ => new SocketFrame(0, true, true, code, reason));

    /// <summary>The TCP connection dies without a close frame.</summary>
    public void Drop() => _incoming.Writer.TryWrite(_ => throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely));

    // ---- what the client sent -----------------------------------------------------------------

    public IEnumerable<JsonElement> SentWithOp(int op) => Sent.Where(m => m.GetProperty("op").GetInt32() == op);

    public async Task<JsonElement> WaitForSentAsync(int op, int count = 1, string? what = null, Action? eachRound = null)
    {
        await Wait.UntilAsync(() => SentWithOp(op).Count() >= count, what ?? $"client to send op {op} (#{count})", eachRound: eachRound);
        return SentWithOp(op).ElementAt(count - 1);
    }

    // ---- IGatewaySocket -----------------------------------------------------------------------

    public async ValueTask<SocketFrame> ReceiveAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var next = await _incoming.Reader.ReadAsync(ct);
        return next(buffer);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken ct)
    {
        _sent.Enqueue(JsonDocument.Parse(utf8Json).RootElement.Clone());
        return ValueTask.CompletedTask;
    }

    public Task CloseOutputAsync(int closeCode, string reason, CancellationToken ct)
    {
        _closed.TrySetResult(closeCode);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

internal sealed class FakeGatewaySocketFactory : IGatewaySocketFactory
{
    private readonly ConcurrentQueue<FakeGatewaySocket> _created = new();
    public Func<FakeGatewaySocket>? Next { get; set; }

    public IReadOnlyList<FakeGatewaySocket> Created => _created.ToArray();

    public IGatewaySocket Create()
    {
        var socket = Next?.Invoke() ?? new FakeGatewaySocket();
        _created.Enqueue(socket);
        return socket;
    }

    public async Task<FakeGatewaySocket> WaitForSocketAsync(int number, Action? eachRound = null)
    {
        await Wait.UntilAsync(() => _created.Count >= number, $"connection #{number}", eachRound: eachRound);
        return Created[number - 1];
    }
}
