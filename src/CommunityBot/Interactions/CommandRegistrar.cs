using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using CommunityBot.Storage;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommunityBot.Interactions;

/// <summary>
/// Registers every declared command with one bulk overwrite per scope (each configured guild as it becomes
/// available, or globally), and skips the call when the definitions' hash matches what was last registered and
/// Discord still lists the same commands: restarts and reconnects cost one read and no command writes (Discord
/// limits creates to 200 a day per guild), while commands changed by someone else are put back.
/// </summary>
public sealed class CommandRegistrar(
    IEnumerable<IApplicationCommand> commands,
    IDiscordRestClient rest,
    BotIdentity identity,
    IDbConnectionFactory db,
    ICommunityConfig config,
    IOptions<InteractionOptions> options,
    RegistrationRefusals refusals,
    ILogger<CommandRegistrar> logger) : IEventHandler<ReadyEvent>, IEventHandler<GuildCreateEvent>
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public Task HandleAsync(ReadyEvent evt, CancellationToken ct) =>
        options.Value.RegisterGlobally ? RegisterAsync(evt.Application?.Id ?? evt.User.Id, null, ct) : Task.CompletedTask;

    public Task HandleAsync(GuildCreateEvent evt, CancellationToken ct) =>
        !options.Value.RegisterGlobally && config.Guild(evt.Guild.Id) is not null && evt.Guild.Id != 0
            ? RegisterAsync(null, evt.Guild.Id, ct)
            : Task.CompletedTask;

    public ApplicationCommand[] Definitions() => commands.Select(c => c.Definition).OrderBy(d => d.Type ?? 1).ThenBy(d => d.Name, StringComparer.Ordinal).ToArray();

    public static string Hash(IReadOnlyList<ApplicationCommand> definitions) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(definitions.ToArray(), DiscordJsonContext.Default.ApplicationCommandArray))));

    private async Task<bool> RemoteMatchesAsync(ulong appId, ulong? guildId, ApplicationCommand[] definitions, CancellationToken ct)
    {
        var remote = guildId is { } gid
            ? await rest.GetGuildApplicationCommandsAsync(appId, gid, ct)
            : await rest.GetGlobalApplicationCommandsAsync(appId, ct);
        return NamesAndTypes(remote).SetEquals(NamesAndTypes(definitions));
    }

    private static HashSet<(int Type, string Name)> NamesAndTypes(IEnumerable<ApplicationCommand> commands) =>
        commands.Select(c => (c.Type ?? ApplicationCommandTypes.ChatInput, c.Name)).ToHashSet();

    private async Task RegisterAsync(ulong? applicationId, ulong? guildId, CancellationToken ct)
    {
        var definitions = Definitions();
        var hash = Hash(definitions);
        var scope = guildId?.ToString() ?? "global";
        await Gate.WaitAsync(ct);
        try
        {
            await using var connection = await db.OpenAsync(ct);
            var stored = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT hash FROM command_registrations WHERE scope = @scope", new { scope }, cancellationToken: ct));
            await identity.WhenReady.WaitAsync(TimeSpan.FromSeconds(30), ct);
            var appId = applicationId ?? identity.ApplicationId;
            if (stored == hash)
            {
                // Our record says nothing changed, but Discord's list is the truth: another deploy of the same
                // application may have overwritten it. One GET is cheaper than a needless PUT against the create limit.
                if (await RemoteMatchesAsync(appId, guildId, definitions, ct))
                {
                    logger.LogInformation("Commands for {Scope} unchanged ({Count} definitions); not re-registering", scope, definitions.Length);
                    return;
                }
                logger.LogWarning("Commands for {Scope} were changed outside this bot; registering ours again", scope);
            }

            try
            {
                if (guildId is { } gid) await rest.BulkOverwriteGuildApplicationCommandsAsync(appId, gid, definitions, ct);
                else await rest.BulkOverwriteGlobalApplicationCommandsAsync(appId, definitions, ct);
            }
            catch (DiscordRestException refused) when (RegistrationRefusals.IsRefusal(refused))
            {
                // Retrying the same definitions gets the same answer: say why once, where the admin looks, and keep the
                // hash unrecorded so the next start (with fixed definitions) registers.
                await refusals.ReportAsync(scope, guildId, hash, refused, ct);
                return;
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO command_registrations (scope, hash, registered_at) VALUES (@scope, @hash, @at)
                ON CONFLICT (scope) DO UPDATE SET hash = excluded.hash, registered_at = excluded.registered_at
                """, new { scope, hash, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: ct));
            logger.LogInformation("Registered {Count} commands for {Scope}", definitions.Length, scope);
        }
        finally
        {
            Gate.Release();
        }
    }
}
