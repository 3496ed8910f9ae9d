using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Moderation.Cases;

/// <summary>How cases read: the modlog entry and the DM to the member. User text is quoted, never able to ping.</summary>
public static class CaseMessages
{
    public const int MaxAuditReason = 512;
    public const int MaxReason = 500;

    public static Embed ModlogEmbed(ModCase c) => new()
    {
        Title = $"Case #{c.CaseNumber} · {CaseKinds.Label(c.Kind)}",
        Color = c.Kind switch { CaseKinds.Ban => 0xC0392B, CaseKinds.Kick => 0xE67E22, CaseKinds.Timeout => 0xF1C40F, CaseKinds.Warn => 0xF39C12, _ => 0x95A5A6 },
        Timestamp = c.CreatedAt,
        Fields =
        [
            new EmbedField { Name = "Member", Value = $"<@{c.TargetId}> ({c.TargetId})", Inline = true },
            new EmbedField { Name = "Moderator", Value = $"<@{c.ModeratorId}>", Inline = true },
            new EmbedField { Name = "Source", Value = c.Source, Inline = true },
            .. c.Duration is { } d ? [new EmbedField { Name = "Duration", Value = Durations.Describe(d), Inline = true }] : Array.Empty<EmbedField>(),
            new EmbedField { Name = "Reason", Value = Clip(c.Reason, 1024) },
            .. c.LinkedCases is { Length: > 0 } linked ? [new EmbedField { Name = "Linked cases", Value = string.Join(", ", linked.Split(',').Select(n => "#" + n)) }] : Array.Empty<EmbedField>(),
            .. c.MessageSnapshot is { Length: > 0 } snapshot ? [new EmbedField { Name = "Message", Value = Quote(snapshot, 1000) }] : Array.Empty<EmbedField>(),
            .. c.DmDelivered is { } dm ? [new EmbedField { Name = "DM", Value = dm == 1 ? "delivered" : "not delivered (DMs closed)", Inline = true }] : Array.Empty<EmbedField>(),
        ],
    };

    public static string DmText(ModCase c, string guildName) => c.Kind switch
    {
        CaseKinds.Warn => $"⚠️ You received a warning in **{guildName}**.",
        CaseKinds.Timeout => $"⏱️ You were timed out in **{guildName}** for {Durations.Describe(c.Duration ?? TimeSpan.Zero)}.",
        CaseKinds.Kick => $"👢 You were kicked from **{guildName}**.",
        CaseKinds.Ban => $"🔨 You were banned from **{guildName}**.",
        _ => $"A moderator acted on your account in **{guildName}**.",
    } + $"\nReason: {Clip(c.Reason, 1500)}\n(case #{c.CaseNumber})";

    public static Component[] AppealButton(ModCase c) =>
        [Component.Row(Component.Button(CustomId.Create(ModerationFeature.Prefix, "appeal", c.Id), "Appeal", ButtonStyles.Primary, "📨"))];

    /// <summary>X-Audit-Log-Reason: who and why, within Discord's 512 characters.</summary>
    public static string AuditReason(string reason, ulong moderatorId, int? caseNumber) =>
        Clip($"{reason} — by {moderatorId}{(caseNumber is { } n ? $", case #{n}" : "")}", MaxAuditReason);

    public static string Quote(string text, int max) => text.Length == 0 ? "*(no text)*" : ">>> " + Clip(text, max - 4);

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
