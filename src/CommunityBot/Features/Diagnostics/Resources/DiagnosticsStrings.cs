namespace CommunityBot.Features.Diagnostics.Resources;

/// <summary>Marks the diagnostics feature's strings (<c>DiagnosticsStrings.resx</c> and its translations).</summary>
public sealed class DiagnosticsStrings;
