namespace CommunityBot.Localisation.Resources;

/// <summary>
/// Marks the strings every feature shares (<c>CommonStrings.resx</c>, <c>CommonStrings.ko.resx</c>): duration
/// units, generic refusals. Inject <c>Localiser&lt;CommonStrings&gt;</c>, or use <c>Localiser&lt;CommonStrings&gt;.Shared</c>
/// from static helpers.
/// </summary>
public sealed class CommonStrings;
