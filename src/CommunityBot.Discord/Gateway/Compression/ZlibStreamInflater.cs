using System.Buffers;
using System.IO.Compression;

namespace CommunityBot.Discord.Gateway.Compression;

/// <summary>
/// G § Transport Compression › zlib-stream: the server compresses the whole connection as one zlib stream, so
/// a message can only be inflated with the dictionary built from every message before it. One instance per
/// connection (a new connection, resumed or not, starts a new stream). Received bytes are buffered until they end
/// with the Z_SYNC_FLUSH marker <c>00 00 FF FF</c>, then inflated through the shared context.
/// </summary>
internal sealed class ZlibStreamInflater : IDisposable
{
    /// <summary>Far beyond any real gateway message; a stream that never flushes is broken, not large.</summary>
    public const int DefaultMaxPendingBytes = 64 * 1024 * 1024;

    private static ReadOnlySpan<byte> SyncFlushMarker => [0x00, 0x00, 0xFF, 0xFF];

    private readonly PendingInput _input = new();
    private readonly ZLibStream _inflate;
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024);
    private readonly int _maxPendingBytes;

    public ZlibStreamInflater(int maxPendingBytes = DefaultMaxPendingBytes)
    {
        _maxPendingBytes = maxPendingBytes;
        _inflate = new ZLibStream(_input, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>
    /// Adds one received WebSocket message. True when the buffered bytes now end a flush block: then
    /// <paramref name="json"/> holds the inflated payload, valid until the next call. False while the block
    /// continues in a later message.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid continuation of this connection's zlib stream.</exception>
    public bool TryInflate(ReadOnlySpan<byte> received, out ReadOnlyMemory<byte> json)
    {
        json = default;
        _input.Append(received);
        if (_input.Count > _maxPendingBytes)
            throw new InvalidDataException($"{_input.Count} compressed bytes arrived without a Z_SYNC_FLUSH marker.");
        if (!_input.EndsWith(SyncFlushMarker)) return false;

        _output.ResetWrittenCount();
        int read;
        // Read until the inflater has consumed the whole block: the stream reports 0 once the input runs dry.
        while ((read = _inflate.Read(_output.GetSpan(16 * 1024))) > 0) _output.Advance(read);
        _input.Clear();
        json = _output.WrittenMemory;
        return true;
    }

    public void Dispose()
    {
        _inflate.Dispose();
        _input.Dispose();
    }

    /// <summary>The compressed bytes of the current flush block, read once by the inflater.</summary>
    private sealed class PendingInput : Stream
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(16 * 1024);
        private int _readPosition;

        public int Count => _bytes.WrittenCount;

        public void Append(ReadOnlySpan<byte> data) => _bytes.Write(data);

        public bool EndsWith(ReadOnlySpan<byte> suffix) => _bytes.WrittenSpan.EndsWith(suffix);

        public void Clear()
        {
            _bytes.ResetWrittenCount();
            _readPosition = 0;
        }

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, _bytes.WrittenCount - _readPosition);
            _bytes.WrittenSpan.Slice(_readPosition, count).CopyTo(buffer);
            _readPosition += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
