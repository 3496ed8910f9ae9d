namespace CommunityBot.Features.Ambassadors.Resources;

/// <summary>Marks the ambassador program's strings (<c>AmbassadorStrings.resx</c> and its translations).</summary>
public sealed class AmbassadorStrings;
