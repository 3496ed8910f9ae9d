using System.IO.Compression;

namespace CommunityBot.StandIn.Gateway;

/// <summary>
/// The server half of G § Transport Compression › zlib-stream: one deflate context for the whole connection,
/// each gateway message sync-flushed so its bytes end with <c>00 00 FF FF</c> and inflate only with the
/// dictionary of the messages before it.
/// </summary>
internal sealed class ZlibStreamDeflater : IDisposable
{
    private readonly MemoryStream _output = new();
    private readonly ZLibStream _deflate;

    public ZlibStreamDeflater() => _deflate = new ZLibStream(_output, CompressionLevel.Fastest, leaveOpen: true);

    /// <summary>Compresses one gateway message; called by the connection's single send loop only.</summary>
    public byte[] Compress(byte[] payload)
    {
        _output.SetLength(0);
        _deflate.Write(payload);
        _deflate.Flush(); // ZLibStream.Flush is a Z_SYNC_FLUSH: the block ends with the 00 00 FF FF marker
        return _output.ToArray();
    }

    public void Dispose()
    {
        _deflate.Dispose();
        _output.Dispose();
    }
}
