using System.Globalization;
using CommunityBot.Features.Onboarding.Resources;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Onboarding;

/// <summary>Onboarding's strings in a culture, and admin-written texts with their defaults taken from the same resources.</summary>
public static class OnboardingTexts
{
    public static Localiser<OnboardingStrings> Strings => Localiser<OnboardingStrings>.Shared;

    /// <summary>The configured text in <paramref name="culture"/>, or the default (<c>Default.*</c>) in that language.</summary>
    public static string Or(LocalizedText? configured, string defaultKey, CultureInfo culture) =>
        configured?.For(culture) ?? Strings.Template(culture, defaultKey);

    public static string Get(CultureInfo culture, string key, params ReadOnlySpan<(string Name, object? Value)> values) => Strings.Get(culture, key, values);
}
