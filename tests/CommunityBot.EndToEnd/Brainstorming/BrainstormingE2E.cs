using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.EndToEnd.Brainstorming;

/// <summary>Shared steps for the brainstorming end-to-end tests: config, acting as members, reading cards.</summary>
internal static class BrainstormingE2E
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static Task<BotTestHost> StartAsync(Action<SeededCommunity, JsonObject>? extra = null, Action<IServiceCollection>? services = null) =>
        BotTestHost.StartAsync(new BotTestHostOptions
        {
            ConfigureServices = services,
            ConfigureGuild = (c, g) =>
            {
                g["polls"] = new JsonObject { ["createAccess"] = "moderator", ["defaultDurationHours"] = 24, ["maxDurationDays"] = 30 };
                g["ideas"] = new JsonObject { ["channelId"] = c.Channel("ideas").ToString() };
                extra?.Invoke(c, g);
            },
        });

    public static ulong General(this BotTestHost bot) => bot.Community.Channel("general");
    public static ulong Person(this BotTestHost bot, string name) => bot.Community.Person(name);

    public static async Task<InteractionCallback> SlashAsync(this BotTestHost bot, string persona, string command, SlashOption options, ulong? channel = null)
    {
        var handle = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, channel ?? bot.General(), bot.Person(persona), command, options);
        return await handle.WaitForResponseAsync(Wait);
    }

    public static async Task<InteractionCallback> ClickAsync(this BotTestHost bot, ulong userId, StandInMessage message, string customId)
    {
        var handle = await bot.StandIn.ClickButtonAsync(bot.GuildId, message.ChannelId, userId, message.Id, customId);
        return await handle.WaitForResponseAsync(Wait);
    }

    /// <summary>The bot's own (non-interaction) messages in a channel.</summary>
    public static IReadOnlyList<StandInMessage> BotPosts(this BotTestHost bot, ulong channel) =>
        bot.StandIn.Messages(channel).Where(m => m.AuthorId == bot.StandIn.BotUser.Id && m.InteractionId is null && !m.Deleted).ToList();

    public static StandInMessage Fresh(this BotTestHost bot, StandInMessage message) => bot.StandIn.GetMessage(message.Id)!;

    public static string Description(StandInMessage message) =>
        message.Embeds is { ValueKind: JsonValueKind.Array } e && e.GetArrayLength() > 0 && e[0].TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";

    /// <summary>Every string in the message's embeds, decoded (raw JSON escapes emoji).</summary>
    public static string EmbedText(StandInMessage message) => message.Embeds is { } embeds ? Strings(embeds) : "";

    public static string Strings(this JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() + "\n",
        JsonValueKind.Array => string.Concat(element.EnumerateArray().Select(Strings)),
        JsonValueKind.Object => string.Concat(element.EnumerateObject().Select(p => Strings(p.Value))),
        _ => "",
    };

    public static IReadOnlyList<string> CustomIds(StandInMessage message)
    {
        var ids = new List<string>();
        if (message.Components is { ValueKind: JsonValueKind.Array } rows)
            foreach (var row in rows.EnumerateArray())
                if (row.TryGetProperty("components", out var children))
                    foreach (var child in children.EnumerateArray())
                        if (child.TryGetProperty("custom_id", out var id)) ids.Add(id.GetString()!);
        return ids;
    }

    public static Task UntilAsync(Func<bool> condition, string what) => Eventually.TrueAsync(condition, what, Wait);
}
