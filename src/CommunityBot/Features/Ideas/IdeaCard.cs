using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Ideas;

/// <summary>The idea card in the ideas channel: title, description, author, status (and why), votes, and the vote buttons.</summary>
public static class IdeaCard
{
    public const string Feature = "idea";
    public const int MaxTitleLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxReasonLength = 1000;

    public static Embed Render(Idea idea, IdeaVotes votes)
    {
        var fields = new List<EmbedField>
        {
            new() { Name = "Status", Value = idea.Status.Label(), Inline = true },
            new() { Name = "Votes", Value = $"👍 {votes.Up} · 👎 {votes.Down} (score {votes.Score:+0;-0;0})", Inline = true },
        };
        if (idea.Status == IdeaStatus.Duplicate && idea.DuplicateOf is { } target)
            fields.Add(new EmbedField { Name = "Merged into", Value = $"Idea #{target} — its votes now count there." });
        if (!string.IsNullOrEmpty(idea.StatusReason))
            fields.Add(new EmbedField { Name = idea.Status == IdeaStatus.Declined ? "Why it was declined" : "Note from the team", Value = idea.StatusReason });

        return new Embed
        {
            Title = $"💡 #{idea.Id} · {idea.Title}",
            Description = $"{idea.Description}\n\nSuggested by <@{idea.AuthorId}>",
            Color = Color(idea.Status),
            Fields = [.. fields],
            Footer = new EmbedFooter { Text = idea.Status.AcceptsVotes() ? "Vote with the buttons; discuss in the thread." : "Voting is closed." },
            Timestamp = idea.CreatedAt,
        };
    }

    public static Component[] Controls(Idea idea, IdeaVotes votes)
    {
        var closed = !idea.Status.AcceptsVotes();
        return
        [
            Component.Row(
                Component.Button(CustomId.Create(Feature, "up", idea.Id), votes.Up.ToString(System.Globalization.CultureInfo.InvariantCulture), ButtonStyles.Success, "👍", closed),
                Component.Button(CustomId.Create(Feature, "down", idea.Id), votes.Down.ToString(System.Globalization.CultureInfo.InvariantCulture), ButtonStyles.Danger, "👎", closed)),
        ];
    }

    public static string ThreadName(Idea idea)
    {
        var name = $"Idea #{idea.Id}: {idea.Title}";
        return name.Length <= 100 ? name : name[..99] + "…";
    }

    private static int Color(IdeaStatus status) => status switch
    {
        IdeaStatus.New => 0x5865F2,
        IdeaStatus.UnderReview => 0xFEE75C,
        IdeaStatus.Planned => 0x3BA55D,
        IdeaStatus.InProgress => 0xEB459E,
        IdeaStatus.Shipped => 0x57F287,
        IdeaStatus.Declined => 0xED4245,
        _ => 0x747F8D,
    };
}
