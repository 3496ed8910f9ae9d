using CommunityBot.Interactions;

namespace CommunityBot.Features.Faq;

/// <summary>Who may propose FAQ entries, and whose captures publish without review (from the FAQ capture settings).</summary>
public static class FaqAccess
{
    /// <summary>May this member propose entries at all?</summary>
    public static bool MayPropose(FaqSettings settings, InteractionContext ctx) => settings.Capture.WhoMayPropose switch
    {
        FaqCaptureRule.Moderators => ctx.IsModerator,
        FaqCaptureRule.Roles => ctx.IsModerator || ctx.MemberRoles.Any(settings.Capture.ProposerRoleIds.Contains),
        _ => true,
    };

    /// <summary>Do this member's captures publish straight away instead of waiting for review?</summary>
    public static bool PublishesDirectly(FaqSettings settings, InteractionContext ctx) =>
        (ctx.IsModerator && settings.Capture.ModeratorsPublishDirectly) || ctx.MemberRoles.Any(settings.Capture.DirectRoleIds.Contains);
}
