using System.Globalization;
using System.Text;
using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Polls;

/// <summary>
/// Renders a poll message: the question, the answers with text bars when results may be shown, the rules, and the
/// voting controls (up to 4 rows of 5 buttons, or a select menu) plus a row with "My vote" and "Withdraw".
/// Everything user-written sits in an embed or a label, which never pings; the message is sent with no allowed mentions.
/// </summary>
public static class PollCard
{
    public const string Feature = "poll";
    public const int BarWidth = 10;
    private const int OpenColor = 0x5865F2;
    private const int ClosedColor = 0x747F8D;

    public static Embed Render(Poll poll, PollTally tally)
    {
        var text = new StringBuilder();
        text.Append("**").Append(poll.Question).Append("**\n\n");
        for (var i = 1; i <= poll.Options.Count; i++)
        {
            text.Append("**").Append(i.ToString(CultureInfo.InvariantCulture)).Append(".** ").Append(poll.Options[i - 1]).Append('\n');
            if (poll.ResultsVisible) text.Append(Bar(tally.CountOf(i), tally.ShareOf(i))).Append('\n');
        }

        text.Append('\n');
        if (!poll.ResultsVisible) text.Append("🙈 Results are hidden until the poll closes.\n");
        text.Append(tally.Voters == 1 ? "1 member voted" : $"{tally.Voters} members voted");
        text.Append(poll.IsClosed
            ? $" · closed <t:{(poll.ClosedAt ?? poll.ClosesAt).ToUnixTimeSeconds()}:f>"
            : $" · closes <t:{poll.ClosesAt.ToUnixTimeSeconds()}:R>");
        if (poll.VoterRoleId is { } role) text.Append($"\nOnly members with <@&{role}> may vote.");
        if (poll.IsClosed && tally.Leaders(poll.Options.Count) is { Count: > 0 } leaders)
            text.Append("\n🏆 ").Append(string.Join(" and ", leaders.Select(p => poll.Options[p - 1])));

        return new Embed
        {
            Title = poll.IsClosed ? $"📊 Poll #{poll.Id} · closed" : $"📊 Poll #{poll.Id}",
            Description = text.ToString(),
            Color = poll.IsClosed ? ClosedColor : OpenColor,
            Footer = new EmbedFooter { Text = Rules(poll) },
        };
    }

    public static string Rules(Poll poll) => string.Join(" · ", new[]
    {
        poll.IsMultipleChoice ? $"pick up to {poll.MaxPicks}" : "pick one",
        poll.Anonymous ? "anonymous" : "public votes",
        poll.HideResults ? "results at close" : "live results",
        poll.IsClosed ? null : "you can change your vote until it closes",
    }.Where(p => p is not null));

    /// <summary>█ for the share of voters, ░ for the rest, then the count and percentage.</summary>
    public static string Bar(int count, double share)
    {
        var filled = (int)Math.Round(share * BarWidth, MidpointRounding.AwayFromZero);
        if (count > 0 && filled == 0) filled = 1; // a vote is never drawn as nothing
        return $"`{new string('█', filled)}{new string('░', BarWidth - filled)}` {count} · {Math.Round(share * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)}%";
    }

    public static Component[] Controls(Poll poll)
    {
        if (poll.IsClosed || poll.IsNative) return [];
        var rows = new List<Component>();
        if (poll.Layout == PollLayout.Buttons)
        {
            var buttons = poll.Options.Select((label, i) => Component.Button(CustomId.Create(Feature, "v", poll.Id, i + 1), label, ButtonStyles.Primary)).ToList();
            rows.AddRange(buttons.Chunk(5).Select(chunk => Component.Row(chunk)));
        }
        else
        {
            var options = poll.Options.Select((label, i) => new SelectOption { Label = label, Value = (i + 1).ToString(CultureInfo.InvariantCulture) });
            rows.Add(Component.Row(Component.StringSelect(CustomId.Create(Feature, "s", poll.Id), options, 1, poll.MaxPicks,
                poll.IsMultipleChoice ? $"Pick up to {poll.MaxPicks}" : "Pick one")));
        }
        rows.Add(Component.Row(
            Component.Button(CustomId.Create(Feature, "m", poll.Id), "My vote", ButtonStyles.Secondary, "🗳️"),
            Component.Button(CustomId.Create(Feature, "w", poll.Id), "Withdraw my vote", ButtonStyles.Secondary)));
        return [.. rows];
    }

    /// <summary>The native Discord poll for <c>native: true</c>.</summary>
    public static PollCreateRequest Native(PollDraft draft) => new()
    {
        Question = new PollMedia { Text = draft.Question },
        Answers = draft.Options.Select(o => new PollAnswer { PollMedia = new PollMedia { Text = o } }).ToArray(),
        Duration = draft.NativeHours,
        AllowMultiselect = draft.MaxPicks > 1,
    };

    public static string Describe(Poll poll, IReadOnlyList<int> picks) =>
        picks.Count == 0 ? "nothing" : string.Join(", ", picks.Select(p => $"**{poll.Options[p - 1]}**"));
}
