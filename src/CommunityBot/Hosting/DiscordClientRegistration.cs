using CommunityBot.Discord;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Hosting;

internal static class DiscordClientRegistration
{
    /// <summary>Wires the REST and gateway clients (filled in when the client library lands).</summary>
    public static IServiceCollection AddDiscordClient(this IServiceCollection services) => services;
}
