using System.Globalization;
using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// The rules message and the controls onboarding owns. Custom ids carry no state (<c>onboarding:accept</c>,
/// <c>onboarding:interests</c>): everything is looked up in config and the database when clicked, so the button
/// keeps working across restarts, redeploys and config edits.
/// </summary>
public static class RulesMessage
{
    public const string Feature = "onboarding";
    public static readonly string AcceptId = CustomId.Create(Feature, "accept");
    public static readonly string InterestsId = CustomId.Create(Feature, "interests");

    /// <summary>The rules embed in <paramref name="culture"/> (the server's language: everyone reads the same message).</summary>
    public static Embed Embed(RulesSettings rules, TemplateValues values, CultureInfo culture) => new()
    {
        Title = Truncate(OnboardingTemplate.Render(OnboardingTexts.Or(rules.Title, "Default.RulesTitle", culture), values), 256),
        Description = Truncate(OnboardingTemplate.Render(rules.Text.For(culture), values), 4096),
        Color = 0x5865F2,
    };

    public static Component[] Components(OnboardingSettings settings, CultureInfo culture)
    {
        var label = OnboardingTexts.Or(settings.Rules!.ButtonLabel, "Default.ButtonLabel", culture);
        var rows = new List<Component> { Component.Row(Component.Button(AcceptId, label, ButtonStyles.Success, "✅")) };
        if (InterestsMenu(settings, culture) is { } menu) rows.Add(menu);
        return [.. rows];
    }

    /// <summary>The interest roles select, or null if none are configured.</summary>
    public static Component? InterestsMenu(OnboardingSettings settings, CultureInfo culture)
    {
        if (settings.Interests is not { Roles.Length: > 0 } interests) return null;
        var options = interests.Roles.Select(r => new SelectOption
        {
            Label = r.Label.For(culture), Value = r.RoleId.ToString(CultureInfo.InvariantCulture), Description = r.Description?.For(culture),
            Emoji = r.Emoji is { } e ? new Emoji { Name = e } : null,
        });
        var placeholder = OnboardingTexts.Or(interests.Placeholder, "Default.InterestsPlaceholder", culture);
        return Component.Row(Component.StringSelect(InterestsId, options, interests.MinValues, interests.EffectiveMaxValues, placeholder));
    }

    public static string JumpUrl(ulong guildId, RulesMessageRef message) => $"https://discord.com/channels/{guildId}/{message.ChannelId}/{message.MessageId}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
