using System.Security.Cryptography;
using System.Text.Json;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;

namespace CommunityBot.Hosting;

/// <summary>
/// Edits of the bot's own cards (poll tallies, idea votes, queue cards, review cards, modlog entries) that skip a
/// re-render whose content equals what the message already shows: a double click or a repeated vote re-renders the
/// same card, and each edit would cost a request against the channel's bucket for nothing.
/// <para>
/// "Already shows" is only claimed when it is known: the hash of the last edit is kept once it succeeded with no other
/// edit of that message in flight beside it (two edits in flight may land in either order, so afterwards the content is
/// unknown and the next edit is sent). A failed edit forgets. At most <see cref="Capacity"/> messages are remembered,
/// oldest first out (forgetting one costs at most one repeated edit). The memory is per process: after a restart the
/// first edit of each card is sent.
/// </para>
/// </summary>
public sealed class CardEdits(IDiscordRestClient rest)
{
    public const int Capacity = 4096;

    private readonly object _gate = new();
    private readonly Dictionary<ulong, Entry> _byMessage = new();
    private readonly Queue<ulong> _age = new();
    private int _skipped;

    private sealed class Entry
    {
        public byte[]? Shown;
        public int InFlight;
        public bool Overlapped;
    }

    /// <summary>Edits skipped because the message already showed that content (diagnostics and tests).</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    /// <summary>Sends the edit unless the message is known to show exactly this already; true when it was sent.</summary>
    public async Task<bool> EditAsync(ulong channelId, ulong messageId, EditMessageRequest request, CancellationToken ct = default)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, DiscordJsonContext.Default.EditMessageRequest));
        Entry entry;
        lock (_gate)
        {
            entry = EntryFor(messageId);
            if (entry.InFlight == 0 && entry.Shown is { } shown && shown.AsSpan().SequenceEqual(hash))
            {
                Interlocked.Increment(ref _skipped);
                return false;
            }
            if (entry.InFlight > 0) entry.Overlapped = true;
            entry.InFlight++;
            entry.Shown = null;
        }

        var succeeded = false;
        try
        {
            try
            {
                await rest.EditMessageAsync(channelId, messageId, request, ct);
            }
            catch (DiscordUnreadableAnswerException)
            {
                // Discord applied the edit (2xx); only its copy of the message could not be read, and a card edit needs none.
            }
            succeeded = true;
            return true;
        }
        finally
        {
            lock (_gate)
            {
                entry.InFlight--;
                if (entry.InFlight == 0)
                {
                    entry.Shown = succeeded && !entry.Overlapped ? hash : null;
                    entry.Overlapped = false;
                }
            }
        }
    }

    private Entry EntryFor(ulong messageId)
    {
        if (_byMessage.TryGetValue(messageId, out var entry)) return entry;
        while (_byMessage.Count >= Capacity && _age.TryDequeue(out var oldest))
        {
            // A message with an edit in flight keeps its entry (and goes to the back) so its completion is still recorded.
            if (_byMessage[oldest].InFlight > 0) { _age.Enqueue(oldest); break; }
            _byMessage.Remove(oldest);
        }
        entry = new Entry();
        _byMessage[messageId] = entry;
        _age.Enqueue(messageId);
        return entry;
    }
}
