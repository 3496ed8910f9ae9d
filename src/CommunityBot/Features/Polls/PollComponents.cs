using CommunityBot.Features.Brainstorming;
using System.Globalization;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Polls;

/// <summary>
/// The poll message's controls: <c>poll:v:{poll}:{answer}</c> (button vote), <c>poll:s:{poll}</c> (select menu vote),
/// <c>poll:w:{poll}</c> (withdraw) and <c>poll:m:{poll}</c> (show my vote). A vote sets the member's whole ballot,
/// so a double click or a replay changes nothing; the answer is ephemeral and the card is refreshed in the background.
/// </summary>
public sealed class PollComponents(PollRepository polls, PollCardRefresher cards, TimeProvider time) : IComponentHandler
{
    public string Feature => PollCard.Feature;

    public IReadOnlyList<ComponentAction> Actions { get; } =
        [new("v", CustomIdArg.Number, CustomIdArg.Number), new("s", CustomIdArg.Number), new("m", CustomIdArg.Number), new("w", CustomIdArg.Number)];

    public async Task HandleAsync(InteractionContext ctx, CustomId id)
    {
        var poll = await polls.GetAsync(id.LongArg(0));
        if (poll is null || poll.GuildId != ctx.GuildId) throw new InteractionRefusedException("This poll no longer exists.");

        switch (id.Action)
        {
            case "m":
                var mine = await polls.PicksOfAsync(poll.Id, ctx.UserId);
                await ctx.RespondAsync(mine.Count == 0 ? "You have not voted in this poll." : $"Your vote: {PollCard.Describe(poll, mine)}.");
                return;
            case "v":
                await VoteAsync(ctx, poll, [ValidPosition(poll, id.IntArg(1))]);
                return;
            case "s":
                var values = ctx.Interaction.Data?.Values ?? [];
                if (values.Length > poll.MaxPicks) throw new InteractionRefusedException($"Pick at most {poll.MaxPicks} answers.");
                await VoteAsync(ctx, poll, values.Select(v => ValidPosition(poll, int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0)).ToList());
                return;
            case "w":
                await VoteAsync(ctx, poll, []);
                return;
            default:
                throw new InteractionRefusedException("This control is out of date. Please use the latest message.");
        }
    }

    private async Task VoteAsync(InteractionContext ctx, Poll poll, IReadOnlyList<int> picks)
    {
        if (poll.VoterRoleId is { } role && !ctx.MemberRoles.Contains(role))
            throw new InteractionRefusedException($"Only members with the <@&{role}> role may vote in this poll.");

        var outcome = await polls.VoteAsync(poll.Id, ctx.UserId, picks, ctx.Interaction.Id, time.GetUtcNow());
        switch (outcome)
        {
            case VoteOutcome.NotFound:
                throw new InteractionRefusedException("This poll no longer exists.");
            case VoteOutcome.Closed:
                _ = cards.RequestAsync(poll.Id); // the deadline passed; make sure the card stops offering buttons
                throw new InteractionRefusedException("This poll has closed; votes are no longer accepted.");
            case VoteOutcome.Stale:
                var current = await polls.PicksOfAsync(poll.Id, ctx.UserId);
                await ctx.RespondAsync($"That click was older than your latest vote, so it was ignored. Your vote: {PollCard.Describe(poll, current)}.");
                return;
        }

        _ = cards.RequestAsync(poll.Id);
        var hidden = poll.ResultsVisible ? "" : " Results are hidden until the poll closes.";
        await ctx.RespondAsync(picks.Count == 0
            ? "Your vote is withdrawn. You can vote again until the poll closes."
            : $"🗳️ Your vote: {PollCard.Describe(poll, picks)}. You can change it until the poll closes.{hidden}");
    }

    private static int ValidPosition(Poll poll, int position) =>
        position >= 1 && position <= poll.Options.Count ? position : throw new InteractionRefusedException("That answer is not part of this poll.");
}
