using CommunityBot.Discord.Models;
using CommunityBot.Features.Polls;
using CommunityBot.Tests.Discord.Fakes;

namespace CommunityBot.Tests.Features.Brainstorming;

/// <summary>Reading a native poll's voters from Discord (Get Answer Voters) with our REST client, against the stand-in.</summary>
[Category("Brainstorming")]
public sealed class NativePollVotersTests
{
    [Test]
    public async Task Every_page_of_every_answer_is_read_so_a_large_poll_loses_nobody()
    {
        await using var live = await LiveDiscord.StartAsync(connect: false);
        var message = await live.Rest.CreateMessageAsync(live.ChannelId, new CreateMessageRequest
        {
            Poll = new PollCreateRequest
            {
                Question = new PollMedia { Text = "Release name?" },
                Answers = [new PollAnswer { PollMedia = new PollMedia { Text = "Aurora" } }, new PollAnswer { PollMedia = new PollMedia { Text = "Borealis" } },
                           new PollAnswer { PollMedia = new PollMedia { Text = "Comet" } }],
                AllowMultiselect = true,
            },
        });

        // 230 members pick Aurora (three pages of 100), 3 of them also pick Comet; nobody picks Borealis.
        var members = Enumerable.Range(0, 230).Select(i => live.StandIn.CreateUser($"member{i}").Id).ToList();
        foreach (var member in members)
        {
            live.Guild.AddMember(member);
            await live.StandIn.VotePollAsync(live.ChannelId, message.Id, member, 1);
        }
        foreach (var member in members.Take(3)) await live.StandIn.VotePollAsync(live.ChannelId, message.Id, member, 3);

        var picks = await new NativePollVoters(live.Rest).ReadAsync(live.ChannelId, message.Id, answerCount: 3);

        Assert.That(picks.Keys, Is.EquivalentTo(members));
        Assert.That(picks.Count(p => p.Value.SequenceEqual([1])), Is.EqualTo(227));
        Assert.That(members.Take(3).Select(m => picks[m]), Has.All.EqualTo(new[] { 1, 3 }));

        var pages = live.StandIn.Requests.Where(r => r.Route == "/channels/{channel_id}/polls/{message_id}/answers/{answer_id}").ToList();
        Assert.That(pages.Select(r => r.Path.Split('/')[^1]), Is.EqualTo(new[] { "1", "1", "1", "2", "3" }), "Aurora takes three pages");
        Assert.That(pages.Select(r => r.Query), Has.All.Contain("limit=100"));
        Assert.That(pages[1].Query, Does.Contain($"after={members.Order().ElementAt(99)}"), "the next page starts after the last voter seen");
        Assert.That(pages.Select(r => r.Status), Has.All.EqualTo(200));
        live.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Without_a_limit_discord_answers_its_default_page_of_25()
    {
        await using var live = await LiveDiscord.StartAsync(connect: false);
        var message = await live.Rest.CreateMessageAsync(live.ChannelId, new CreateMessageRequest
        {
            Poll = new PollCreateRequest { Question = new PollMedia { Text = "Tea?" }, Answers = [new PollAnswer { PollMedia = new PollMedia { Text = "Yes" } }] },
        });
        for (var i = 0; i < 30; i++)
        {
            var member = live.StandIn.CreateUser($"drinker{i}").Id;
            live.Guild.AddMember(member);
            await live.StandIn.VotePollAsync(live.ChannelId, message.Id, member, 1);
        }

        using var http = Tests.StandIn.StandInFixture.Http(live.StandIn);
        var body = await http.GetStringAsync($"channels/{live.ChannelId}/polls/{message.Id}/answers/1");
        Assert.That(System.Text.Json.Nodes.JsonNode.Parse(body)!["users"]!.AsArray(), Has.Count.EqualTo(25));
        var tooMany = await http.GetAsync($"channels/{live.ChannelId}/polls/{message.Id}/answers/1?limit=101");
        Assert.That((int)tooMany.StatusCode, Is.EqualTo(400), "limit is 1–100");
    }
}
