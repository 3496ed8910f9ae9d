using System.Text.Json;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Brainstorming;
using CommunityBot.Features.Polls;
using Poll = CommunityBot.Features.Polls.Poll;
using CommunityBot.Interactions;

namespace CommunityBot.Tests.Features.Brainstorming;

[Category("Brainstorming")]
public sealed class PollDraftTests
{
    private static readonly PollSettings Settings = new();

    private static CommandOptions Options(params (string Name, object Value)[] values) => new(new InteractionData
    {
        Name = "poll",
        Options =
        [
            new InteractionDataOption
            {
                Name = "create", Type = ApplicationCommandOptionTypes.SubCommand,
                Options = values.Select(v => new InteractionDataOption { Name = v.Name, Value = JsonSerializer.SerializeToElement(v.Value) }).ToArray(),
            },
        ],
    });

    private static string Refusal(params (string, object)[] values) =>
        Assert.Throws<InteractionRefusedException>(() => PollDraft.From(Options(values), Settings))!.Message;

    [Test]
    public void Options_split_on_pipes_or_semicolons_and_multi_choice_uses_the_menu()
    {
        var piped = PollDraft.From(Options(("question", "Lunch?"), ("options", " Pizza | Tacos; with salsa |Sushi ")), Settings);
        Assert.That(piped.Options, Is.EqualTo(new[] { "Pizza", "Tacos; with salsa", "Sushi" }));
        Assert.That(piped.Layout, Is.EqualTo(PollLayout.Buttons));

        var semis = PollDraft.From(Options(("question", "Lunch?"), ("options", "A;B;C"), ("max_picks", 2), ("duration", "1d12h")), Settings);
        Assert.That((semis.Options.Count, semis.Layout, semis.Duration), Is.EqualTo((3, PollLayout.Select, TimeSpan.FromHours(36))));
    }

    [Test]
    public void Refusals_name_the_option_and_the_limit()
    {
        Assert.That(Refusal(("question", "Q"), ("options", "only one")), Does.Contain("`options`").And.Contain("at least 2"));
        Assert.That(Refusal(("question", "Q"), ("options", string.Join('|', Enumerable.Range(1, 21)))), Does.Contain("`options`").And.Contain("at most 20"));
        Assert.That(Refusal(("question", "Q"), ("options", "a|" + new string('x', 81))), Does.Contain("answer 2").And.Contain("80"));
        Assert.That(Refusal(("question", new string('q', 301)), ("options", "a|b")), Does.Contain("`question`").And.Contain("300"));
        Assert.That(Refusal(("question", "Q"), ("options", "Yes|yes")), Does.Contain("repeats"));
        Assert.That(Refusal(("question", "Q"), ("options", "a|b"), ("max_picks", 3)), Does.Contain("`max_picks`"));
        Assert.That(Refusal(("question", "Q"), ("options", "a|b"), ("duration", "soon")), Does.Contain("`duration`"));
        Assert.That(Refusal(("question", "Q"), ("options", "a|b"), ("duration", "31d")), Does.Contain("at most 30 days"));
    }

    [Test]
    public void Native_polls_are_public_live_and_within_discords_limits()
    {
        Assert.That(Refusal(("question", "Q"), ("options", "a|b"), ("native", true), ("anonymous", true)), Does.Contain("`native`").And.Contain("anonymous"));
        Assert.That(Refusal(("question", "Q"), ("options", string.Join('|', Enumerable.Range(1, 11))), ("native", true)), Does.Contain("at most 10"));
        Assert.That(Refusal(("question", "Q"), ("options", "a|" + new string('x', 56)), ("native", true)), Does.Contain("55"));
        var draft = PollDraft.From(Options(("question", "Q"), ("options", "a|b"), ("native", true), ("duration", "90m")), Settings);
        Assert.That(PollCard.Native(draft).Duration, Is.EqualTo(2), "native polls run whole hours, rounded up");
    }

    [Test]
    public void Bars_show_share_count_and_percentage()
    {
        Assert.That(PollCard.Bar(12, 0.48), Is.EqualTo("`█████░░░░░` 12 · 48%"));
        Assert.That(PollCard.Bar(1, 0.01), Is.EqualTo("`█░░░░░░░░░` 1 · 1%"), "a single vote is visible");
        Assert.That(PollCard.Bar(0, 0), Is.EqualTo("`░░░░░░░░░░` 0 · 0%"));
    }

    [Test]
    public void Hidden_results_show_no_counts_until_the_poll_closes()
    {
        var poll = new Poll(5, 1, 2, 3, 4, "Q", ["Red", "Blue"], 1, false, HideResults: true, null, PollLayout.Buttons,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), false, null, null, false);
        var tally = new PollTally(3, new Dictionary<int, int> { [1] = 2, [2] = 1 });
        Assert.That(PollCard.Render(poll, tally).Description, Does.Not.Contain("█").And.Not.Contain("67%").And.Contain("hidden"));
        Assert.That(PollCard.Render(poll with { IsClosed = true }, tally).Description, Does.Contain("2 · 67%").And.Contain("🏆 Red"));
    }

    [Test]
    public void Twenty_answers_make_four_rows_of_five_buttons_plus_the_vote_tools()
    {
        var poll = new Poll(5, 1, 2, 3, 4, "Q", Enumerable.Range(1, 20).Select(i => $"Answer {i}").ToList(), 1, false, false, null, PollLayout.Buttons,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), false, null, null, false);
        var rows = PollCard.Controls(poll);
        Assert.That(rows.Select(r => r.Components!.Length), Is.EqualTo(new[] { 5, 5, 5, 5, 2 }));
        Assert.That(rows[3].Components![4].CustomId, Is.EqualTo("poll:v:5:20"));
    }

    [Test]
    public void Csv_quotes_and_defuses_formulas()
    {
        var csv = new Csv().Row("a,b", "say \"hi\"", "=SUM(A1)", 42).ToString();
        Assert.That(csv, Is.EqualTo("\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),42\r\n"));
    }
}
