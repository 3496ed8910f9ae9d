using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Configuration;

/// <summary>Posts a refused config edit to each guild's admin channel, so the admin who edited it sees why.</summary>
public sealed class ConfigErrorNotifier(CommunityConfigStore store, IDiscordRestClient rest, ILogger<ConfigErrorNotifier> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.ReloadRejected += OnRejected;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.ReloadRejected -= OnRejected;
        return Task.CompletedTask;
    }

    private void OnRejected(CommunityConfig lastGood, IReadOnlyList<ConfigError> errors) => _ = NotifyAsync(lastGood, errors);

    public static string Format(IReadOnlyList<ConfigError> errors, int lastGoodVersion)
    {
        var lines = errors.Take(15).Select(e => $"• `{e.File}` {e.Path}: {e.Problem}").ToList();
        if (errors.Count > 15) lines.Add($"…and {errors.Count - 15} more (see the bot's log).");
        var text = $"⚠️ The community config edit was **not applied**; the bot keeps running config version {lastGoodVersion}.\n{string.Join('\n', lines)}";
        return text.Length > 2000 ? text[..1997] + "…" : text;
    }

    private async Task NotifyAsync(CommunityConfig lastGood, IReadOnlyList<ConfigError> errors)
    {
        var content = Format(errors, lastGood.Version);
        foreach (var guild in lastGood.Guilds.Values.Where(g => g.AdminChannelId is not null))
        {
            try
            {
                await rest.CreateMessageAsync(guild.AdminChannelId!.Value, new CreateMessageRequest { Content = content, AllowedMentions = AllowedMentions.None });
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not post config errors to admin channel {Channel} of guild {Guild}", guild.AdminChannelId, guild.GuildId);
            }
        }
    }
}
