namespace CommunityBot.Interactions.Resources;

/// <summary>Marks the interaction plumbing's strings: generic failures, permission refusals, option and field validation.</summary>
public sealed class InteractionStrings;
