using System.Net;
using System.Text.Json;
using CommunityBot.Discord;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Tests.Discord.Fakes;
using Microsoft.Extensions.Logging;
using Moq;

namespace CommunityBot.Tests.Discord;

[Category("Protocol")]
public class DiscordRestClientTests
{
    private const string Token = "MTAxMjM0NTY3ODkw.secret-token-value";
    private const string MessageJson = """{"id":"10","channel_id":"20","content":"hi","timestamp":"2026-01-01T00:00:00+00:00","type":0}""";

    private ScriptedHttpHandler _http = null!;
    private Mock<ILogger> _log = null!;
    private DiscordRestClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _http = new ScriptedHttpHandler();
        _log = new Mock<ILogger>();
        _log.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        var options = new DiscordClientOptions { Token = Token, ApiBaseUrl = "http://127.0.0.1:5999/api/v10/", UserAgentUrl = "https://example.org/bot", UserAgentVersion = "2.1" };
        _client = new DiscordRestClient(options, _log.Object, _http, TimeProvider.System, retryBaseDelay: TimeSpan.FromMilliseconds(1));
    }

    [TearDown]
    public void TearDown() => _client.Dispose();

    private IEnumerable<string> LoggedText() =>
        _log.Invocations.Where(i => i.Method.Name == nameof(ILogger.Log)).Select(i => i.Arguments[2]?.ToString() ?? "");

    [Test]
    public async Task BotRoutes_CarryBotAuthorization_AndTheDiscordBotUserAgent()
    {
        _http.Then(HttpStatusCode.OK, """{"id":"9","name":"Guild","owner_id":"1","roles":[]}""");

        var guild = await _client.GetGuildAsync(9);

        var request = _http.Requests.Single();
        Assert.That(guild.Name, Is.EqualTo("Guild"));
        Assert.That(request.Uri.ToString(), Is.EqualTo("http://127.0.0.1:5999/api/v10/guilds/9"));
        Assert.That(request.Header("Authorization"), Is.EqualTo("Bot " + Token));
        Assert.That(request.Header("User-Agent"), Is.EqualTo("DiscordBot (https://example.org/bot, 2.1)"));
    }

    [Test]
    public async Task DmChannels_AreOpenedOncePerRecipient_BoundedLeastRecentlyUsed_AndForgottenWhenDiscordNoLongerKnowsThem()
    {
        var options = new DiscordClientOptions { Token = Token, ApiBaseUrl = "http://127.0.0.1:5999/api/v10/", DmChannelCacheSize = 2 };
        using var client = new DiscordRestClient(options, _log.Object, _http, TimeProvider.System, retryBaseDelay: TimeSpan.FromMilliseconds(1));
        _http.Default = request =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/users/@me/channels", StringComparison.Ordinal))
            {
                var recipient = JsonDocument.Parse(request.Content!.ReadAsStringAsync().Result).RootElement.GetProperty("recipient_id").GetString();
                return ScriptedHttpHandler.Json(HttpStatusCode.OK, $$"""{"id":"{{recipient}}00","type":1}""");
            }
            return ScriptedHttpHandler.Json(HttpStatusCode.NotFound, """{"code":10003,"message":"Unknown Channel"}""");
        };
        int Opens() => _http.Requests.Count(r => r.Uri.AbsolutePath.EndsWith("/users/@me/channels", StringComparison.Ordinal));

        // Three DMs to 1 while 2 comes and goes, and two at once to 5: one open each.
        Assert.That((await client.CreateDmAsync(1)).Id, Is.EqualTo(100));
        await client.CreateDmAsync(2);
        Assert.That((await client.CreateDmAsync(1)).Id, Is.EqualTo(100));
        await Task.WhenAll(client.CreateDmAsync(5), client.CreateDmAsync(5));
        Assert.That(Opens(), Is.EqualTo(3));

        // The bound is 2: 5 and 1 are kept (most recent), 2 was dropped and is opened again.
        await client.CreateDmAsync(1);
        await client.CreateDmAsync(2);
        Assert.That(Opens(), Is.EqualTo(4));

        // Discord no longer knows channel 100 (10003): the next DM to 1 opens it again.
        Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync(100, new CreateMessageRequest { Content = "hi" }));
        await client.CreateDmAsync(1);
        Assert.That(Opens(), Is.EqualTo(5));
    }

    [Test]
    public async Task ASuccessWhoseAnswerHasOddFields_IsReadWithoutThem_AndAnUnreadableSuccess_SaysItSucceeded_LoggedOncePerRoute()
    {
        _http.Then(HttpStatusCode.OK, """{"id":"10","channel_id":"20","content":"hi","flags":"none","mentions":{},"embeds":[{"color":"red"}]}""");
        var edited = await _client.EditMessageAsync(20, 10, new EditMessageRequest { Content = "hi" });
        Assert.That((edited.Id, edited.Content, edited.Flags), Is.EqualTo((10UL, "hi", (int?)null)));

        _http.Then(HttpStatusCode.OK, "<html>not json</html>");
        _http.Then(HttpStatusCode.OK, "<html>not json</html>");
        var first = Assert.ThrowsAsync<DiscordUnreadableAnswerException>(() => _client.EditMessageAsync(20, 10, new EditMessageRequest { Content = "a" }));
        Assert.ThrowsAsync<DiscordUnreadableAnswerException>(() => _client.EditMessageAsync(20, 10, new EditMessageRequest { Content = "b" }));
        Assert.That(first!.Message, Does.Contain("200").And.Contain("could not be read"));
        Assert.That(LoggedText().Count(t => t.Contains("the call succeeded")), Is.EqualTo(1), "one log line per route, not per call");
    }

    [Test]
    public async Task MessageResponses_ReadLikeGatewayMessages_AbsentListsAreEmptyNotNull()
    {
        // MessageJson has no mentions, embeds, components or attachments (all optional on the wire).
        _http.Then(HttpStatusCode.OK, MessageJson);
        _http.Then(HttpStatusCode.OK, """{"user":{"id":"3","username":"m"},"joined_at":"2026-01-01T00:00:00+00:00"}""");

        var message = await _client.GetMessageAsync(20, 10);
        var member = await _client.GetGuildMemberAsync(9, 3);

        Assert.That(message.Content, Is.EqualTo("hi"));
        Assert.That(message.Components, Is.Empty, "the model's declared default, so callers never meet a null list");
        Assert.That(message.Mentions, Is.Empty);
        Assert.That(message.Embeds, Is.Empty);
        Assert.That(member.Roles, Is.Empty);
    }

    [Test]
    public async Task WebhookTokenRoutes_SendNoAuthorization()
    {
        _http.Default = request => request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/callback")
            ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : ScriptedHttpHandler.Json(HttpStatusCode.OK, MessageJson);

        await _client.CreateInteractionResponseAsync(5, "itoken", new InteractionResponse { Type = InteractionCallbackTypes.DeferredChannelMessageWithSource });
        await _client.CreateFollowupMessageAsync(7, "itoken", new CreateMessageRequest { Content = "later" });
        await _client.EditOriginalInteractionResponseAsync(7, "itoken", new EditMessageRequest { Content = "edited" });

        Assert.That(_http.Requests.Select(r => r.Uri.AbsolutePath), Is.EqualTo(new[]
        {
            "/api/v10/interactions/5/itoken/callback", "/api/v10/webhooks/7/itoken", "/api/v10/webhooks/7/itoken/messages/@original",
        }));
        Assert.That(_http.Requests.Select(r => r.Header("Authorization")), Is.All.Null);
    }

    [Test]
    public async Task AuditReason_IsUrlEncoded_AndCappedAt512Characters()
    {
        _http.Default = _ => new HttpResponseMessage(HttpStatusCode.NoContent);

        await _client.RemoveGuildMemberAsync(1, 2, "spam & scams: ünïcode");
        await _client.CreateGuildBanAsync(1, 2, auditReason: new string('x', 600));

        Assert.That(_http.Requests[0].Header("X-Audit-Log-Reason"), Is.EqualTo("spam%20%26%20scams%3A%20%C3%BCn%C3%AFcode"));
        Assert.That(_http.Requests[1].Header("X-Audit-Log-Reason"), Has.Length.EqualTo(512));
        Assert.That(_http.Requests[1].BodyText, Is.EqualTo("""{"delete_message_seconds":0}"""));
    }

    [Test]
    public void JsonError_BecomesDiscordRestException_WithoutTheToken()
    {
        _http.Then(HttpStatusCode.BadRequest, """{"code":50035,"message":"Invalid Form Body","errors":{"content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}}""");

        var ex = Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateMessageAsync(20, new CreateMessageRequest { Content = "x" }));

        Assert.That(ex!.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ex.Code, Is.EqualTo(50035));
        Assert.That(ex.DiscordMessage, Is.EqualTo("Invalid Form Body"));
        Assert.That(ex.ErrorsJson, Does.Contain("BASE_TYPE_MAX_LENGTH"));
        Assert.That(ex.Route, Is.EqualTo("POST /channels/{channel_id}/messages"));
        Assert.That(ex.Message, Does.Not.Contain(Token));
        Assert.That(_http.Requests, Has.Count.EqualTo(1), "a 4xx is never retried");
    }

    [Test]
    public async Task CreateMessage_WithoutNonce_GetsOneWithEnforceNonce_AndRetriesWithTheSameBytes()
    {
        _http.Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.OK, MessageJson);

        var message = await _client.CreateMessageAsync(20, new CreateMessageRequest { Content = "hello @everyone" });

        Assert.That(message.Id, Is.EqualTo(10UL));
        Assert.That(_http.Requests, Has.Count.EqualTo(2));
        var body = JsonDocument.Parse(_http.Requests[0].BodyText).RootElement;
        var nonce = body.GetProperty("nonce").GetString()!;
        Assert.That(nonce, Has.Length.InRange(1, 25));
        Assert.That(body.GetProperty("enforce_nonce").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength(), Is.Zero, "user text never pings");
        Assert.That(_http.Requests[1].BodyText, Is.EqualTo(_http.Requests[0].BodyText));
    }

    [Test]
    public void InteractionCallback_IsNeverRetried()
    {
        _http.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.NoContent);

        Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateInteractionResponseAsync(5, "t",
            new InteractionResponse { Type = InteractionCallbackTypes.DeferredChannelMessageWithSource }));
        Assert.That(_http.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task IdempotentGet_IsRetriedAfterANetworkError()
    {
        _http.ThenThrow(new HttpRequestException("connection reset")).Then(HttpStatusCode.OK, """[{"id":"1","name":"@everyone","position":0,"permissions":"1024"}]""");

        var roles = await _client.GetGuildRolesAsync(9);

        Assert.That(roles.Single().Permissions, Is.EqualTo(1024UL));
        Assert.That(_http.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RateLimited429_IsWaitedOutAndRetried()
    {
        _http.Then(HttpStatusCode.TooManyRequests, """{"message":"You are being rate limited.","retry_after":0.05,"global":false}""",
                ("X-RateLimit-Bucket", "b1"), ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "0.05"), ("X-RateLimit-Scope", "user"))
            .Then(HttpStatusCode.OK, MessageJson);

        var message = await _client.GetMessageAsync(20, 10);

        Assert.That(message.Content, Is.EqualTo("hi"));
        Assert.That(_http.Requests, Has.Count.EqualTo(2));
        Assert.That(_client.InvalidRequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Unauthorized_StopsFurtherCalls_AndNeverLogsTheToken()
    {
        _http.Then(HttpStatusCode.Unauthorized, """{"code":0,"message":"401: Unauthorized"}""");

        Assert.ThrowsAsync<DiscordRestException>(() => _client.GetGuildAsync(9));
        var second = Assert.ThrowsAsync<DiscordRestException>(() => _client.GetGuildAsync(9));

        Assert.That(_http.Requests, Has.Count.EqualTo(1), "the circuit is open after a 401");
        Assert.That(second!.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_client.IsTokenRejected, Is.True);
        Assert.That(LoggedText(), Has.None.Contains(Token));
        Assert.That(LoggedText(), Has.Some.Contains("401"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Uploads_AreMultipart_WithPayloadJsonFilesAndAttachmentMetadata()
    {
        _http.Then(HttpStatusCode.OK, MessageJson);

        await _client.CreateMessageAsync(20, new CreateMessageRequest { Content = "report" },
            [new FileUpload("report.csv", "a,b\n1,2"u8.ToArray(), "text/csv")]);

        var request = _http.Requests.Single();
        Assert.That(request.ContentType, Does.StartWith("multipart/form-data"));
        var text = request.BodyText;
        Assert.That(text, Does.Contain("name=payload_json"));
        Assert.That(text, Does.Contain("name=\"files[0]\"").Or.Contain("name=files[0]"));
        Assert.That(text, Does.Contain("filename=report.csv"));
        Assert.That(text, Does.Contain("\"attachments\":[{\"id\":\"0\",\"filename\":\"report.csv\"}]"));
        Assert.That(text, Does.Contain("a,b\n1,2"));
    }

    [TestCase("👍", "/reactions/%F0%9F%91%8D/@me")]
    [TestCase("party:123456789012345678", "/reactions/party%3A123456789012345678/@me")]
    public async Task ReactionEmoji_IsUrlEncodedInThePath(string emoji, string expectedTail)
    {
        _http.Default = _ => new HttpResponseMessage(HttpStatusCode.NoContent);

        await _client.CreateReactionAsync(20, 10, emoji);

        Assert.That(_http.Requests.Single().Uri.AbsoluteUri, Does.EndWith(expectedTail));
    }

    [Test]
    public async Task ModifyGuildMember_SendsOnlyGivenFields_AndExplicitNulls()
    {
        _http.Default = _ => ScriptedHttpHandler.Json(HttpStatusCode.OK, """{"roles":[],"joined_at":"2026-01-01T00:00:00+00:00"}""");

        await _client.ModifyGuildMemberAsync(1, 2, new ModifyGuildMemberRequest { CommunicationDisabledUntil = Optional.Of<DateTimeOffset?>(null) }, "timeout lifted");

        Assert.That(_http.Requests.Single().BodyText, Is.EqualTo("""{"communication_disabled_until":null}"""));
        Assert.That(_http.Requests.Single().Method, Is.EqualTo(HttpMethod.Patch));
    }
}
