using System.Net;
using System.Security.Cryptography;
using System.Text;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// The Discord calls onboarding makes from jobs, with one policy: a permanent refusal (4xx other than 429:
/// closed DMs, missing permission, unknown member) is logged and recorded, never retried; anything transient
/// (5xx, network) throws so the durable job retries with backoff.
/// </summary>
public sealed class DiscordCalls(IDiscordRestClient rest, ILogger<DiscordCalls> logger)
{
    public static bool IsPermanent(DiscordRestException ex) => (int)ex.Status is >= 400 and < 500 && ex.Status != HttpStatusCode.TooManyRequests;

    /// <summary>
    /// A nonce derived from what the message is for, so a job that re-runs after a crash sends the same nonce
    /// and Discord (enforce_nonce) drops the duplicate instead of posting twice. Max 25 characters.
    /// </summary>
    public static string Nonce(string purpose, string key) =>
        purpose[..1] + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(purpose + "|" + key)))[..24];

    /// <summary>Posts and returns the message id, or null when Discord permanently refused.</summary>
    public async Task<ulong?> PostAsync(ulong channelId, string content, AllowedMentions mentions, string nonce, CancellationToken ct, Component[]? components = null)
    {
        try
        {
            var message = await rest.CreateMessageAsync(channelId, new CreateMessageRequest
            {
                Content = Truncate(content, 2000), AllowedMentions = mentions, Nonce = nonce, EnforceNonce = true, Components = components,
            }, ct: ct);
            return message.Id;
        }
        catch (DiscordRestException ex) when (IsPermanent(ex))
        {
            logger.LogWarning("Could not post in channel {ChannelId}: {Error}", channelId, ex.Message);
            return null;
        }
    }

    /// <summary>Sends a DM; returns <see cref="DmStatus.Sent"/>, <see cref="DmStatus.Closed"/> (50007) or "failed:&lt;code&gt;".</summary>
    public async Task<string> DirectMessageAsync(ulong userId, string content, string nonce, CancellationToken ct, Component[]? components = null)
    {
        try
        {
            var channel = await rest.CreateDmAsync(userId, ct);
            await rest.CreateMessageAsync(channel.Id, new CreateMessageRequest
            {
                Content = Truncate(content, 2000), AllowedMentions = AllowedMentions.None, Nonce = nonce, EnforceNonce = true, Components = components,
            }, ct: ct);
            return DmStatus.Sent;
        }
        catch (DiscordRestException ex) when (ex.Code == DiscordRestException.CannotSendMessagesToThisUser)
        {
            logger.LogInformation("Member {UserId} does not accept DMs; recorded, not retried", userId);
            return DmStatus.Closed;
        }
        catch (DiscordRestException ex) when (IsPermanent(ex))
        {
            logger.LogWarning("DM to {UserId} refused: {Error}", userId, ex.Message);
            return $"failed:{ex.Code}";
        }
    }

    /// <summary>Adds roles; false if the member is gone (nothing more to do for them).</summary>
    public async Task<bool> AddRolesAsync(ulong guildId, ulong userId, IEnumerable<ulong> roleIds, string reason, CancellationToken ct)
    {
        foreach (var roleId in roleIds.Distinct())
        {
            try
            {
                await rest.AddGuildMemberRoleAsync(guildId, userId, roleId, reason, ct);
            }
            catch (DiscordRestException ex) when (ex.Code == DiscordRestException.UnknownMember)
            {
                return false;
            }
            catch (DiscordRestException ex) when (IsPermanent(ex))
            {
                logger.LogWarning("Could not give role {RoleId} to {UserId} in guild {GuildId} (is the bot's role above it, with Manage Roles?): {Error}",
                    roleId, userId, guildId, ex.Message);
            }
        }
        return true;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
