using System.IO.Compression;
using System.Text;

namespace CommunityBot.Tests.Discord.Fakes;

/// <summary>A server-side zlib-stream for scripted sockets: one deflate context, each message sync-flushed.</summary>
internal sealed class ZlibStreamCompressor
{
    private readonly MemoryStream _output = new();
    private readonly ZLibStream _deflate;

    public ZlibStreamCompressor() => _deflate = new ZLibStream(_output, CompressionLevel.Optimal, leaveOpen: true);

    public byte[] Compress(string json) => Compress(Encoding.UTF8.GetBytes(json));

    public byte[] Compress(byte[] payload)
    {
        _output.SetLength(0);
        _deflate.Write(payload);
        _deflate.Flush();
        return _output.ToArray();
    }
}
