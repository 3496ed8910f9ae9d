using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest.Routes;

/// <summary>MSG § Create Reaction and friends. The emoji segment arrives URL-encoded: unicode, or <c>name:id</c>.</summary>
internal static class ReactionRoutes
{
    private const string Base = "/channels/{channel_id}/messages/{message_id}/reactions";

    public static void Map(RouteTable<RouteDefinition> routes)
    {
        routes.Add("PUT", Base + "/{emoji_name}/@me", new(r =>
        {
            var (guild, message, emoji) = Resolve(r);
            if (guild is not null) r.RequireBot(guild, Permissions.AddReactions | Permissions.ReadMessageHistory);
            r.Core.AddReaction(message.Id, r.Core.BotUser.Id, emoji);
            return RestResult.NoContent;
        }));
        routes.Add("DELETE", Base + "/{emoji_name}/@me", new(r =>
        {
            var (_, message, emoji) = Resolve(r);
            r.Core.RemoveReaction(message.Id, r.Core.BotUser.Id, emoji);
            return RestResult.NoContent;
        }));
        routes.Add("DELETE", Base + "/{emoji_name}/{user_id}", new(r =>
        {
            var (guild, message, emoji) = Resolve(r);
            var userId = r.Id("user_id");
            if (guild is not null && userId != r.Core.BotUser.Id) r.RequireBot(guild, Permissions.ManageMessages);
            r.Core.RemoveReaction(message.Id, userId, emoji);
            return RestResult.NoContent;
        }));
        routes.Add("GET", Base + "/{emoji_name}", new(r =>
        {
            var (_, message, emoji) = Resolve(r);
            var limit = Math.Clamp(r.QueryInt("limit") ?? 25, 1, 100);
            var after = r.QueryId("after") ?? 0;
            var users = message.ReactionUsers(emoji).Where(id => id > after).OrderBy(id => id).Take(limit)
                .Select(id => (JsonNode?)Payloads.User(r.Core.Users[id]));
            return RestResult.Ok(new JsonArray(users.ToArray()));
        }));
        routes.Add("DELETE", Base, new(r =>
        {
            var channel = r.Channel();
            var message = r.Message(channel);
            if (channel.GuildId is { } g) r.RequireBot(r.Core.Guilds[g], Permissions.ManageMessages);
            foreach (var (emoji, users) in message.Reactions)
                foreach (var user in users) r.Core.RemoveReaction(message.Id, user, emoji);
            return RestResult.NoContent;
        }));
    }

    private static (GuildState? Guild, StandInMessage Message, string Emoji) Resolve(RestRequest r)
    {
        var channel = r.Channel();
        var message = r.Message(channel);
        var emoji = r.Param("emoji_name");
        if (!IsValidEmoji(emoji)) throw RestError.UnknownEmoji();
        return (channel.GuildId is { } g ? r.Core.Guilds[g] : null, message, emoji);
    }

    /// <summary>Unicode emoji contain non-ASCII characters; custom ones are <c>name:id</c>. A bare word is not an emoji.</summary>
    public static bool IsValidEmoji(string emoji)
    {
        if (emoji.Length == 0) return false;
        var colon = emoji.LastIndexOf(':');
        if (colon > 0) return ulong.TryParse(emoji.AsSpan(colon + 1), out _) && emoji[..colon].All(c => char.IsLetterOrDigit(c) || c == '_');
        return emoji.Any(c => c > 127);
    }
}
