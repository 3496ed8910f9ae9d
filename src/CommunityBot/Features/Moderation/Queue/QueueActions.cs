namespace CommunityBot.Features.Moderation.Queue;

public enum QueueAction { Dismiss, Delete, Warn, Timeout, Ban }

public static class QueueReactions
{
    /// <summary>The configured emoji for each action, in the order they are added to a card.</summary>
    public static IReadOnlyList<(QueueAction Action, string Emoji)> All(QueueSettings q) =>
        [(QueueAction.Dismiss, q.Dismiss), (QueueAction.Delete, q.Delete), (QueueAction.Warn, q.Warn), (QueueAction.Timeout, q.Timeout), (QueueAction.Ban, q.Ban)];

    /// <summary>Which action a reaction means. Variation selectors are ignored: clients send "🗑" or "🗑️" for the same emoji.</summary>
    public static QueueAction? For(QueueSettings q, string emoji)
    {
        var key = Bare(emoji);
        foreach (var (action, configured) in All(q))
            if (Bare(configured) == key) return action;
        return null;
    }

    private static string Bare(string emoji) => emoji.Replace("\uFE0F", "", StringComparison.Ordinal).Replace("\uFE0E", "", StringComparison.Ordinal);

    /// <summary>The action a claimed card records in its outcome (<see cref="Describe"/>), or null for any other text.</summary>
    public static QueueAction? FromDescription(string? outcome) =>
        Enum.GetValues<QueueAction>().Cast<QueueAction?>().FirstOrDefault(a => Describe(a!.Value) == outcome);

    public static string Describe(QueueAction action) => action switch
    {
        QueueAction.Dismiss => "dismissed (no action)",
        QueueAction.Delete => "message deleted",
        QueueAction.Warn => "author warned",
        QueueAction.Timeout => "author timed out",
        QueueAction.Ban => "author banned",
        _ => action.ToString(),
    };
}
