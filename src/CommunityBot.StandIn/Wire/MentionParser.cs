using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CommunityBot.StandIn;

/// <summary>Finds mentions in content and decides, per MSG § Allowed Mentions Object, who would have been pinged.</summary>
internal static partial class MentionParser
{
    [GeneratedRegex(@"<@!?([0-9]{1,20})>", RegexOptions.NonBacktracking)]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<@&([0-9]{1,20})>", RegexOptions.NonBacktracking)]
    private static partial Regex RoleMention();

    public static IEnumerable<ulong> UserIds(string content) =>
        UserMention().Matches(content).Select(m => ulong.Parse(m.Groups[1].ValueSpan)).Distinct();

    public static IEnumerable<ulong> RoleIds(string content) =>
        RoleMention().Matches(content).Select(m => ulong.Parse(m.Groups[1].ValueSpan)).Distinct();

    public static bool MentionsEveryone(string content) =>
        content.Contains("@everyone", StringComparison.Ordinal) || content.Contains("@here", StringComparison.Ordinal);

    /// <param name="allowedMentions">As sent; null when the field was absent.</param>
    /// <param name="webhookDefaults">Interactions and webhooks parse only users by default; regular messages parse all.</param>
    public static MentionOutcome Evaluate(string content, JsonNode? allowedMentions, bool webhookDefaults, bool isReply)
    {
        string[] parse;
        HashSet<ulong> explicitUsers = [], explicitRoles = [];
        bool repliedUser;
        if (allowedMentions is JsonObject am)
        {
            parse = am["parse"] is JsonArray p ? p.Select(Json.String).OfType<string>().ToArray() : [];
            if (am["users"] is JsonArray users) explicitUsers = users.Select(Json.Snowflake).OfType<ulong>().ToHashSet();
            if (am["roles"] is JsonArray roles) explicitRoles = roles.Select(Json.Snowflake).OfType<ulong>().ToHashSet();
            repliedUser = Json.Bool(am["replied_user"]) ?? false;
        }
        else
        {
            parse = webhookDefaults ? ["users"] : ["users", "roles", "everyone"];
            repliedUser = true;
        }
        var pingedUsers = UserIds(content).Where(id => parse.Contains("users") || explicitUsers.Contains(id));
        var pingedRoles = RoleIds(content).Where(id => parse.Contains("roles") || explicitRoles.Contains(id));
        var everyone = parse.Contains("everyone") && MentionsEveryone(content);
        return new MentionOutcome(pingedUsers.ToImmutableList(), pingedRoles.ToImmutableList(), everyone, isReply && repliedUser);
    }
}
