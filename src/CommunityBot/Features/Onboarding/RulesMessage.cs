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

    public static Embed Embed(RulesSettings rules, TemplateValues values) => new()
    {
        Title = Truncate(OnboardingTemplate.Render(rules.Title, values), 256),
        Description = Truncate(OnboardingTemplate.Render(rules.Text, values), 4096),
        Color = 0x5865F2,
    };

    public static Component[] Components(OnboardingSettings settings)
    {
        var rows = new List<Component> { Component.Row(Component.Button(AcceptId, settings.Rules!.ButtonLabel, ButtonStyles.Success, "✅")) };
        if (InterestsMenu(settings) is { } menu) rows.Add(menu);
        return [.. rows];
    }

    /// <summary>The interest roles select, or null if none are configured.</summary>
    public static Component? InterestsMenu(OnboardingSettings settings)
    {
        if (settings.Interests is not { Roles.Length: > 0 } interests) return null;
        var options = interests.Roles.Select(r => new SelectOption
        {
            Label = r.Label, Value = r.RoleId.ToString(System.Globalization.CultureInfo.InvariantCulture), Description = r.Description,
            Emoji = r.Emoji is { } e ? new Emoji { Name = e } : null,
        });
        return Component.Row(Component.StringSelect(InterestsId, options, interests.MinValues, interests.EffectiveMaxValues, interests.Placeholder));
    }

    public static string JumpUrl(ulong guildId, RulesMessageRef message) => $"https://discord.com/channels/{guildId}/{message.ChannelId}/{message.MessageId}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
