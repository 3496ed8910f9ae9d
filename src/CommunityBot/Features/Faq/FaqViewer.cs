using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Faq;

/// <summary>Shows one entry (from <c>/faq show</c>, a search pick or an autocomplete pick).</summary>
public sealed class FaqViewer(FaqRepository repository, TimeProvider time)
{
    /// <summary>Shows an entry with the "Did this help?" buttons and counts the use (once per interaction).</summary>
    public async Task ShowAsync(InteractionContext ctx, FaqSettings settings, long id, bool inChannel)
    {
        var entry = await repository.GetAsync(ctx.GuildId, id);
        if (entry is null || entry.Status == FaqStatus.Deleted || (entry.Status != FaqStatus.Published && !ctx.IsModerator))
            throw new InteractionRefusedException($"There is no published FAQ entry #{id}. Try `/faq search`.");
        if (entry.Status == FaqStatus.Published && await repository.RecordUsageAsync(entry.Id, ctx.Interaction.Id, "show", time.GetUtcNow()))
            entry.UseCount++;
        var embed = FaqCards.Entry(entry, time.GetUtcNow(), settings.StaleAfterDays);
        if (entry.Status != FaqStatus.Published) embed = embed with { Footer = new EmbedFooter { Text = $"FAQ #{entry.Id} · {entry.Status}, not published" } };
        await ctx.RespondAsync(embeds: [embed], components: entry.Status == FaqStatus.Published ? FaqCards.HelpfulButtons(entry.Id) : [], ephemeral: !inChannel);
    }
}
