using System.Text.Json.Nodes;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;

namespace CommunityBot.EndToEnd.Localisation;

/// <summary>
/// The ambassador program for Korean members and staff: points, leaderboard, rewards, a redemption reviewed and
/// declined through the modal, the tier announcement and the member's DM — with Korean reward names from the config.
/// </summary>
[Category("Localisation")]
public sealed class KoreanAmbassadorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static void Configure(SeededCommunity c, JsonObject guild)
    {
        string Id(ulong id) => id.ToString();
        guild["ambassadors"] = new JsonObject
        {
            ["weights"] = new JsonObject { ["message"] = 1 },
            ["tiers"] = new JsonObject
            {
                ["announceChannelId"] = Id(c.Channel("announcements")),
                ["levels"] = new JsonArray(new JsonObject { ["name"] = "브론즈", ["threshold"] = 10, ["roleId"] = Id(c.Role("ambassador-bronze")) },
                                           new JsonObject { ["name"] = "실버", ["threshold"] = 100, ["roleId"] = Id(c.Role("ambassador-silver")) }),
            },
            ["rewards"] = new JsonArray(new JsonObject
            {
                ["id"] = "mug", ["name"] = new JsonObject { ["ko"] = "머그컵", ["en"] = "Mug" }, ["cost"] = 20, ["kind"] = "manual", ["stock"] = 5,
            }),
            ["reviewChannelId"] = Id(c.Channel("review")),
        };
    }

    [Test]
    public async Task Korean_members_and_staff_see_the_ambassador_program_in_Korean_only()
    {
        await using var bot = await BotTestHost.StartAsync(KoreanCommunity.Options(Configure));
        var c = bot.Community;
        var general = c.Channel("general");
        var (alice, max) = (c.Person("alice"), c.Person("max-moderator"));
        var seen = new List<VisibleText>();
        async Task<InteractionHandle> Run(ulong user, string command, SlashOption? options = null)
        {
            var handle = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, general, user, command, options);
            await handle.WaitForResponseAsync(Wait);
            await Eventually.TrueAsync(() => handle.OriginalResponse is not null || handle.Followups.Count > 0 || handle.Response?.Content is not null
                                             || handle.Response?.Data is not null, "an answer", Wait);
            seen.AddRange(LocaleLeaks.From(handle));
            return handle;
        }

        var grant = await Run(max, "points", new SlashOption("grant").With("member", alice).With("amount", 30).With("reason", "행사 도움"));
        Assert.That(grant.Response!.Content, Does.Contain("30점을 줬어요"));
        await Run(max, "points", new SlashOption("grant").With("member", max).With("amount", 5).With("reason", "셀프"));
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Messages(c.Channel("announcements")).Count == 1, Wait, "the tier announcement");
        var announcement = bot.StandIn.Messages(c.Channel("announcements")).Single();
        Assert.That(announcement.Content, Does.Contain("**브론즈** 앰배서더 등급이 됐어요"));
        seen.AddRange(LocaleLeaks.From(announcement, "announcement"));

        await Run(alice, "points", new SlashOption("me"));
        await Run(alice, "leaderboard");
        await Run(alice, "rewards", new SlashOption("list"));
        var redeem = await Run(alice, "rewards", new SlashOption("redeem").With("reward", "mug"));
        Assert.That(redeem.Response!.Content, Does.StartWith("**머그컵** 보상을 20점으로 신청했어요"));
        await Run(max, "points", new SlashOption("history").With("member", alice));

        await bot.StandIn.WaitForAsync(() => bot.StandIn.Messages(c.Channel("review")).Count == 1, Wait, "the review card");
        var card = bot.StandIn.Messages(c.Channel("review")).Single();
        seen.AddRange(LocaleLeaks.From(card, "review card"));
        var redemptionId = card.Embeds!.Value[0].GetProperty("title").GetString()!.Split('#')[1];
        var deny = await bot.StandIn.ClickButtonAsync(bot.GuildId, card.ChannelId, max, card.Id, $"{RewardService.Feature}:deny:{redemptionId}");
        await deny.WaitForResponseAsync(Wait);
        seen.AddRange(LocaleLeaks.From(deny));
        var submit = await bot.StandIn.SubmitModalAsync(bot.GuildId, card.ChannelId, max, $"{RewardService.Feature}:denyreason:{redemptionId}",
            new Dictionary<string, string> { ["reason"] = "재고가 없어요" }, card.Id);
        await submit.WaitForResponseAsync(Wait);
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(alice).Count == 1, Wait, "the member's DM");
        Assert.That(bot.StandIn.DmsTo(alice)[0].Content, Does.StartWith("**머그컵** 보상 신청이 거절돼서 20점을"));
        seen.AddRange(LocaleLeaks.From(bot.StandIn.DmsTo(alice)[0], "DM"));
        seen.AddRange(LocaleLeaks.From(bot.StandIn.GetMessage(card.Id)!, "decided card"));

        KoreanCommunity.Leaks(c).AssertKorean(seen);
        bot.StandIn.AssertNoSpecViolations();
    }
}
