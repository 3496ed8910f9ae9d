namespace CommunityBot.Features.Onboarding.Resources;

/// <summary>Marks onboarding's strings (<c>OnboardingStrings.resx</c> and its translations), including the defaults of config texts.</summary>
public sealed class OnboardingStrings;
