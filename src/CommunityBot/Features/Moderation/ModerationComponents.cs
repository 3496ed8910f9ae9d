using CommunityBot.Features.Moderation.Appeals;
using CommunityBot.Features.Moderation.Queue;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Moderation;

/// <summary>Routes the feature's buttons and modals (custom ids <c>mod:action:args</c>); state lives in the id and the database.</summary>
public sealed class ModerationComponents(ReportSubmission reports, AppealFlow appeals) : IComponentHandler
{
    public string Feature => ModerationFeature.Prefix;

    public IReadOnlyList<ComponentAction> Actions { get; } =
    [
        new("report", CustomIdArg.Number, CustomIdArg.Number), new("appeal", CustomIdArg.Number), new("appealsubmit", CustomIdArg.Number),
        new("appealaccept", CustomIdArg.Number), new("appealdeny", CustomIdArg.Number),
    ];

    public Task HandleAsync(InteractionContext ctx, CustomId id) => id.Action switch
    {
        "report" => reports.HandleAsync(ctx, id),
        "appeal" => appeals.OpenAsync(ctx, id.LongArg(0)),
        "appealsubmit" => appeals.SubmitAsync(ctx, id.LongArg(0)),
        "appealaccept" => appeals.DecideAsync(ctx, id.LongArg(0), accept: true),
        "appealdeny" => appeals.DecideAsync(ctx, id.LongArg(0), accept: false),
        _ => throw new InteractionRefusedException("This control is not recognised."),
    };
}
