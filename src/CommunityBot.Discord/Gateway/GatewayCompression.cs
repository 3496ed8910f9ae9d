namespace CommunityBot.Discord.Gateway;

/// <summary>
/// Transport compression of what the gateway sends us (G § Encoding and Compression › Transport Compression).
/// Payload compression (<c>compress: true</c> in IDENTIFY) is never used: the two are mutually exclusive.
/// </summary>
public enum GatewayCompression
{
    /// <summary>Plain JSON text frames.</summary>
    None,

    /// <summary>
    /// <c>compress=zlib-stream</c>: one zlib context per connection, each gateway message ending in a
    /// Z_SYNC_FLUSH marker. Inflated with <see cref="System.IO.Compression.ZLibStream"/>.
    /// </summary>
    ZlibStream,
}
