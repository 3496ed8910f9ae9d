using System.Globalization;
using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Faq;

/// <summary>How entries look in Discord: the review card, the entry embed, the nudge, and their controls.</summary>
public static class FaqCards
{
    public const string Feature = "faq";
    public const string Approve = "✅";
    public const string Reject = "❌";
    private const int Blue = 0x3B82F6, Green = 0x22C55E, Red = 0xEF4444, Amber = 0xF59E0B;

    public static string Mention(ulong userId) => $"<@{userId}>";

    public static Embed ReviewCard(FaqEntry e)
    {
        var (color, state) = e.Status switch
        {
            FaqStatus.Published => (Green, $"Approved by {Mention(e.ReviewerId ?? 0)} — published as FAQ #{e.Id}"),
            FaqStatus.Rejected => (Red, $"Rejected by {Mention(e.ReviewerId ?? 0)}"),
            FaqStatus.Deleted => (Red, "Deleted"),
            _ => (Amber, $"Waiting for review — moderators react {Approve} to publish or {Reject} to reject"),
        };
        var fields = new List<EmbedField>
        {
            new() { Name = "Answer by", Value = e.AnswerAuthorId is { } a ? Mention(a) : "unknown", Inline = true },
            new() { Name = "Proposed by", Value = Mention(e.ProposerId), Inline = true },
            new() { Name = "Tags", Value = e.Tags.Length == 0 ? "none" : string.Join(", ", e.TagList), Inline = true },
        };
        if (e.SourceLink is { } link) fields.Add(new EmbedField { Name = "Source", Value = $"[Jump to the message]({link})" });
        fields.Add(new EmbedField { Name = "Status", Value = state });
        return new Embed
        {
            Title = $"FAQ proposal #{e.Id}: {FaqText.Clip(e.Question, 200)}",
            Description = e.Answer.Length <= 4000 ? e.Answer : e.Answer[..3999] + "…",
            Color = color,
            Fields = fields.ToArray(),
            Footer = new EmbedFooter { Text = e.Origin == FaqOrigin.MarkedAnswer ? "Marked as the answer in a help thread" : "Saved with “Save as FAQ”" },
        };
    }

    public static Component[] ReviewButtons(FaqEntry e) => e.Status != FaqStatus.Proposed ? [] :
    [
        Component.Row(
            Component.Button(CustomId.Create(Feature, "approve", e.Id), "Approve", ButtonStyles.Success, Approve),
            Component.Button(CustomId.Create(Feature, "reject", e.Id), "Reject", ButtonStyles.Danger, Reject)),
    ];

    public static Embed Entry(FaqEntry e, DateTimeOffset now, int staleAfterDays)
    {
        var fields = new List<EmbedField>();
        if (e.Tags.Length > 0) fields.Add(new EmbedField { Name = "Tags", Value = string.Join(", ", e.TagList.Select(t => $"`{t}`")), Inline = true });
        if (e.AliasList.Count > 0) fields.Add(new EmbedField { Name = "Also asked as", Value = FaqText.Clip(string.Join(" · ", e.AliasList), 1000), Inline = true });
        if (e.SourceLink is { } link) fields.Add(new EmbedField { Name = "Source", Value = $"[Original answer]({link})" + (e.AnswerAuthorId is { } a ? $" by {Mention(a)}" : ""), Inline = false });
        var reviewed = e.LastReviewed is { } r ? $"<t:{r.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:D>" : "never";
        if (e.IsStale(now, staleAfterDays)) reviewed += " ⚠️ may be out of date";
        fields.Add(new EmbedField { Name = "Last reviewed", Value = reviewed, Inline = true });
        fields.Add(new EmbedField { Name = "Helpful", Value = $"👍 {e.HelpfulYes} · 👎 {e.HelpfulNo}", Inline = true });
        fields.Add(new EmbedField { Name = "Used", Value = e.UseCount == 1 ? "1 time" : $"{e.UseCount} times", Inline = true });
        return new Embed
        {
            Title = FaqText.Clip(e.Question, 256),
            Description = e.Answer.Length <= 4096 ? e.Answer : e.Answer[..4095] + "…",
            Color = Blue,
            Fields = fields.ToArray(),
            Footer = new EmbedFooter { Text = $"FAQ #{e.Id} · Did this help?" },
        };
    }

    public static Component[] HelpfulButtons(long entryId) =>
    [
        Component.Row(
            Component.Button(CustomId.Create(Feature, "vote", entryId, "yes"), "Yes, this helped", ButtonStyles.Success, "👍"),
            Component.Button(CustomId.Create(Feature, "vote", entryId, "no"), "No", ButtonStyles.Secondary, "👎")),
    ];

    public static Component[] NudgeButtons(long nudgeId) =>
    [
        Component.Row(
            Component.Button(CustomId.Create(Feature, "nudge", nudgeId, "helped"), "That answers it", ButtonStyles.Success, "✅"),
            Component.Button(CustomId.Create(Feature, "nudge", nudgeId, "dismiss"), "Dismiss", ButtonStyles.Secondary)),
    ];

    public static string NudgeText(FaqEntry e) => $"This looks like a question our FAQ already answers (#{e.Id}):";

    public static Component ResultPicker(IReadOnlyList<FaqHit> hits) => Component.Row(Component.StringSelect(
        CustomId.Create(Feature, "open"),
        hits.Select(h => new SelectOption { Label = FaqText.Clip($"#{h.Id} {h.Question}", 100), Value = h.Id.ToString(CultureInfo.InvariantCulture) }),
        placeholder: "Show an entry"));
}
