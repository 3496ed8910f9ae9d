using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions.Resources;
using CommunityBot.Localisation;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Interactions;

/// <summary>
/// A bulk overwrite Discord refused with 400 means our definitions break one of its rules: nothing an admin sees would
/// otherwise say why the commands did not change. Reported once per scope and definitions hash (a reconnect's
/// GUILD_CREATE retries the same set and would repeat the same answer) to the admin channel of the guilds concerned.
/// </summary>
public sealed class RegistrationRefusals(
    IDiscordRestClient rest,
    ICommunityConfig config,
    Localiser<InteractionStrings> strings,
    Audiences audiences,
    ILogger<RegistrationRefusals> logger)
{
    private readonly ConcurrentDictionary<(string Scope, string Hash), byte> _reported = new();
    private int _repeatsSuppressed;

    /// <summary>Refusals not reported again because the same definitions were already reported for that scope.</summary>
    public int RepeatsSuppressed => Volatile.Read(ref _repeatsSuppressed);

    public static bool IsRefusal(DiscordRestException ex) => ex.Status == HttpStatusCode.BadRequest;

    public async Task ReportAsync(string scope, ulong? guildId, string hash, DiscordRestException refusal, CancellationToken ct)
    {
        if (!_reported.TryAdd((scope, hash), 0))
        {
            Interlocked.Increment(ref _repeatsSuppressed);
            return;
        }
        logger.LogError("Discord refused the command registration for {Scope}: {Code} {Message} {Errors}",
            scope, refusal.Code, refusal.DiscordMessage, refusal.ErrorsJson ?? "");
        var guilds = guildId is { } id ? [config.Guild(id)] : config.Current.Guilds.Values.ToArray();
        foreach (var guild in guilds)
        {
            if (guild?.AdminChannelId is not { } channel) continue;
            var text = Format(strings, audiences.ForGuild(guild.GuildId), global: guildId is null, refusal);
            try
            {
                await rest.CreateMessageAsync(channel, new CreateMessageRequest { Content = text, AllowedMentions = AllowedMentions.None }, ct: ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not post the refused registration to admin channel {Channel} of guild {Guild}", channel, guild.GuildId);
            }
        }
    }

    /// <summary>The admin channel's post in the server's language: what Discord answered, then its error tree.</summary>
    public static string Format(Localiser<InteractionStrings> strings, CultureInfo culture, bool global, DiscordRestException refusal)
    {
        var head = strings.Get(culture, global ? "RegistrationRefused.Global" : "RegistrationRefused.Server",
            ("code", refusal.Code.ToString(CultureInfo.InvariantCulture)), ("message", refusal.DiscordMessage)); // a code, not a quantity: no digit grouping
        var body = refusal.ErrorsJson is { Length: > 0 } errors ? $"\n```json\n{errors}\n```" : "";
        var text = head + body;
        return text.Length <= MessageLimits.Content ? text : text[..(MessageLimits.Content - 5)] + "…\n```";
    }
}
