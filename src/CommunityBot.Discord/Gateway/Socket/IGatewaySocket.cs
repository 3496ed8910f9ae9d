using System.Net.WebSockets;

namespace CommunityBot.Discord.Gateway.Socket;

/// <summary>
/// The few WebSocket operations the gateway needs, so unit tests can script a fake server.
/// One receive and one send may be outstanding at a time (the <see cref="WebSocket"/> contract).
/// </summary>
internal interface IGatewaySocket : IAsyncDisposable
{
    Task ConnectAsync(Uri uri, CancellationToken ct);

    /// <summary>Receives one frame (possibly a fragment of a message) into <paramref name="buffer"/>.</summary>
    ValueTask<SocketFrame> ReceiveAsync(Memory<byte> buffer, CancellationToken ct);

    /// <summary>Sends one complete text message.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken ct);

    /// <summary>Sends a close frame without waiting for the server's reply.</summary>
    Task CloseOutputAsync(int closeCode, string reason, CancellationToken ct);
}

/// <summary>A received frame; <see cref="CloseCode"/> is set when the server closed the connection.</summary>
internal readonly record struct SocketFrame(int Count, bool EndOfMessage, bool IsClose = false, int? CloseCode = null, string? CloseReason = null);

internal interface IGatewaySocketFactory
{
    IGatewaySocket Create();
}

/// <summary>The real transport: <see cref="ClientWebSocket"/> with a User-Agent and no WebSocket keep-alive pings.</summary>
internal sealed class ClientWebSocketFactory(string userAgent) : IGatewaySocketFactory
{
    public IGatewaySocket Create() => new ClientWebSocketAdapter(userAgent);

    private sealed class ClientWebSocketAdapter : IGatewaySocket
    {
        private readonly ClientWebSocket _socket = new();

        public ClientWebSocketAdapter(string userAgent)
        {
            _socket.Options.SetRequestHeader("User-Agent", userAgent);
            // Liveness comes from gateway heartbeats (checklist §1.2), not WebSocket pings.
            _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        }

        public Task ConnectAsync(Uri uri, CancellationToken ct) => _socket.ConnectAsync(uri, ct);

        public async ValueTask<SocketFrame> ReceiveAsync(Memory<byte> buffer, CancellationToken ct)
        {
            var result = await _socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            return result.MessageType == WebSocketMessageType.Close
                ? new SocketFrame(0, true, true, (int?)_socket.CloseStatus, _socket.CloseStatusDescription)
                : new SocketFrame(result.Count, result.EndOfMessage);
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken ct) =>
            _socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, ct);

        public Task CloseOutputAsync(int closeCode, string reason, CancellationToken ct) =>
            _socket.State is WebSocketState.Open or WebSocketState.CloseReceived
                ? _socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, reason, ct)
                : Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            _socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
