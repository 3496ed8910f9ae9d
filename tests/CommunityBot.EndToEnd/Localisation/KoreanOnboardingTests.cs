using System.Text.Json.Nodes;
using CommunityBot.Features.Onboarding;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;

namespace CommunityBot.EndToEnd.Localisation;

/// <summary>
/// Onboarding as a Korean server lives it: the rules message and the welcome in the server's language, the welcome
/// and reminder DMs in the newcomer's, the button answers and the funnel report in the clicker's — every line Korean.
/// Config texts are given in both languages; the reminder uses the built-in default.
/// </summary>
[Category("Localisation")]
public sealed class KoreanOnboardingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static void Configure(SeededCommunity c, JsonObject guild)
    {
        static JsonObject Both(string ko, string en) => new() { ["ko"] = ko, ["en"] = en };
        string Id(ulong id) => id.ToString();
        guild["onboarding"] = new JsonObject
        {
            ["channels"] = new JsonObject { ["rules"] = Id(c.Channel("rules")), ["intros"] = Id(c.Channel("introductions")) },
            ["welcome"] = new JsonObject
            {
                ["channelId"] = Id(c.Channel("welcome")),
                ["message"] = Both("{user}님, {server}에 오신 걸 환영해요! {channel:rules}부터 읽어 주세요.", "Welcome {user} to {server}! Start with {channel:rules}."),
                ["directMessage"] = Both("{user.name}님, 반가워요!", "Hi {user.name}!"),
            },
            ["rules"] = new JsonObject
            {
                ["channelId"] = Id(c.Channel("rules")),
                ["text"] = Both("1. 서로 존중해요. 2. 질문은 {channel:intros}에 남겨 주세요.", "1. Be kind. 2. Say hello in {channel:intros}."),
                ["memberRoleId"] = Id(c.Role("member")),
                ["newcomerRoleId"] = Id(c.Role("newcomer")),
            },
            ["interests"] = new JsonObject
            {
                ["roles"] = new JsonArray(
                    new JsonObject { ["roleId"] = Id(c.Role("interest-design")), ["label"] = Both("디자인", "Design") },
                    new JsonObject { ["roleId"] = Id(c.Role("interest-dev")), ["label"] = Both("개발", "Development") }),
            },
            ["nudge"] = new JsonObject { ["afterHours"] = 2 },
        };
    }

    [Test]
    public async Task A_Korean_newcomer_and_staff_see_onboarding_in_Korean_only()
    {
        await using var bot = await BotTestHost.StartAsync(KoreanCommunity.Options(Configure));
        var c = bot.Community;
        var seen = new List<VisibleText>();

        var publish = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("admin"), c.Person("ada-admin"), "onboarding", new SlashOption("publish"));
        Assert.That((await publish.WaitForResponseAsync(Wait)).Content, Does.Contain("규칙 메시지를 올렸어요"));
        seen.AddRange(LocaleLeaks.From(publish));
        var rules = bot.StandIn.Messages(c.Channel("rules")).Single(m => m.AuthorId == bot.StandIn.BotUser.Id && m.InteractionId is null);
        Assert.That(rules.Embeds!.Value[0].GetProperty("title").GetString(), Is.EqualTo("서버 규칙"), "the default title in the server's language");
        seen.AddRange(LocaleLeaks.From(rules, "rules message"));

        var nina = c.Person(SeededCommunity.NewcomerPersona);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Messages(c.Channel("welcome")).Any(m => m.Content.Contains($"<@{nina}>"))
                                             && bot.StandIn.DmsTo(nina).Count == 1, Wait, "the welcome and the welcome DM");
        bot.Clock.Advance(TimeSpan.FromHours(3));
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(nina).Count == 2, Wait, "the reminder DM");
        var welcome = bot.StandIn.Messages(c.Channel("welcome")).Single(m => m.Content.Contains($"<@{nina}>"));
        Assert.That(welcome.Content, Does.StartWith($"<@{nina}>님, Sandbox Community에 오신 걸 환영해요!"));
        seen.Add(new VisibleText("welcome", welcome.Content));
        var dms = bot.StandIn.DmsTo(nina);
        Assert.That(dms[1].Content, Does.Contain("규칙에 동의하면"), "the default reminder, in Korean");
        foreach (var dm in dms) seen.AddRange(LocaleLeaks.From(dm, "DM"));

        var accept = await bot.StandIn.ClickButtonAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.AcceptId);
        Assert.That((await accept.WaitForResponseAsync(Wait)).Content, Does.StartWith("고마워요!"));
        seen.AddRange(LocaleLeaks.From(accept));
        var choose = await bot.StandIn.SelectAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.InterestsId, c.Role("interest-dev").ToString());
        Assert.That((await choose.WaitForResponseAsync(Wait)).Content, Does.StartWith("내 관심사: 개발"));
        seen.AddRange(LocaleLeaks.From(choose));
        var forged = await bot.StandIn.SendForgedComponentAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.InterestsId, "1");
        Assert.That((await forged.WaitForResponseAsync(Wait)).Content, Does.Contain("관심사 역할이 아니라서"));
        seen.AddRange(LocaleLeaks.From(forged));

        var stats = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("mod-queue"), c.Person("max-moderator"), "onboarding", new SlashOption("stats"));
        Assert.That((await stats.WaitForResponseAsync(Wait)).Data!.Value.GetProperty("embeds")[0].GetProperty("title").GetString(), Is.EqualTo("온보딩 퍼널"));
        seen.AddRange(LocaleLeaks.From(stats));

        KoreanCommunity.Leaks(c).AssertKorean(seen);
        bot.StandIn.AssertNoSpecViolations();
    }
}
