using CommunityBot.Discord.Models;
using CommunityBot.Features.Moderation.Cases;

namespace CommunityBot.Features.Moderation.Queue;

/// <summary>What a queue card shows: who, where, the content as it was before any deletion, why it was flagged, and its state.</summary>
public static class QueueCardView
{
    public static Embed Render(QueueCard card, IReadOnlyList<QueueFlag> flags, QueueSettings queue)
    {
        var reports = flags.Count(f => f.Source == FlagSources.Report);
        var title = reports > 0 && flags.All(f => f.Source == FlagSources.Report) ? "Reported message" : "Flagged message";
        var reasons = flags.Select(f => f.Source == FlagSources.Report ? $"📣 report by <@{f.ReporterId}>: {f.Detail}" : $"🤖 rule **{f.FlagKey}**: {f.Detail}");
        var state = card.Status switch
        {
            CardStatus.Resolved => $"✅ Resolved by <@{card.ActedBy}>: {card.Outcome}" + (card.CaseNumber is { } n ? $" (case #{n})" : ""),
            CardStatus.Acting => $"⏳ <@{card.ActedBy}> is acting: {card.Outcome}",
            _ => string.Join(" · ", QueueReactions.All(queue).Select(r => $"{r.Emoji} {r.Action.ToString().ToLowerInvariant()}")) +
                 (card.Outcome is { Length: > 0 } note ? $"\n{note}" : ""),
        };
        return new Embed
        {
            Title = $"{title} · {(card.MessageDeleted == 1 ? "deleted" : "still posted")}",
            Color = card.Status == CardStatus.Resolved ? 0x2ECC71 : 0xE74C3C,
            Timestamp = card.CreatedAt,
            Fields =
            [
                new EmbedField { Name = "Author", Value = $"<@{card.AuthorId}> ({card.AuthorId})", Inline = true },
                new EmbedField { Name = "Channel", Value = $"<#{card.ChannelId}>", Inline = true },
                new EmbedField { Name = "Jump", Value = $"https://discord.com/channels/{card.GuildId}/{card.ChannelId}/{card.MessageId}", Inline = true },
                new EmbedField { Name = "Content (snapshot)", Value = CaseMessages.Quote(card.Content, 1024) },
                new EmbedField { Name = "Why", Value = CaseMessages.Clip(string.Join("\n", reasons), 1024) is { Length: > 0 } why ? why : "—" },
                new EmbedField { Name = "Status", Value = CaseMessages.Clip(state, 1024) },
            ],
        };
    }
}
