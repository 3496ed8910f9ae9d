using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CommunityBot.StandIn;
using static CommunityBot.Tests.StandIn.StandInFixture;

namespace CommunityBot.Tests.StandIn;

[TestFixture]
[Category("Protocol")]
public sealed class RestTests
{
    private DiscordStandIn _standIn = null!;
    private GuildHandle _guild = null!;
    private StandInChannel _general = null!;
    private StandInUser _owner = null!, _alice = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _standIn = await StartAsync(tweak: o => new StandInOptions
        {
            Token = o.Token,
            OpenApiSpecPath = o.OpenApiSpecPath,
            BucketLimits = new Dictionary<string, (int, TimeSpan)> { ["PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me"] = (2, TimeSpan.FromSeconds(30)) },
        });
        _owner = _standIn.CreateUser("owner");
        _alice = _standIn.CreateUser("alice");
        _guild = _standIn.CreateGuild("Test Community", _owner.Id);
        _general = _guild.AddTextChannel("general");
        _guild.AddMember(_alice.Id);
        _http = Http(_standIn);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _standIn.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostMessage(string json) => _http.PostAsync($"channels/{_general.Id}/messages", JsonBody(json));

    [Test]
    public async Task Spec_check_accepts_a_valid_create_message_body()
    {
        RequireSpec();
        var response = await PostMessage("""{"content":"hi","allowed_mentions":{"parse":[]},"nonce":"n1","enforce_nonce":true}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_standIn.SpecCheck.Enabled, Is.True);
        Assert.That(_standIn.SpecViolations, Is.Empty);
        Assert.DoesNotThrow(() => _standIn.AssertNoSpecViolations());
    }

    [Test]
    public async Task Spec_check_rejects_a_bad_allowed_mentions_parse_value()
    {
        RequireSpec();
        await PostMessage("""{"content":"hi","allowed_mentions":{"parse":["nobody"]}}""");
        Assert.That(_standIn.SpecViolations, Has.Count.EqualTo(1));
        Assert.That(_standIn.SpecViolations[0], Does.Contain("create_message"));
        Assert.That(() => _standIn.AssertNoSpecViolations(), Throws.InstanceOf<StandInAssertionException>());
    }

    [Test]
    public async Task Spec_check_rejects_a_numeric_communication_disabled_until_and_stand_in_answers_50035()
    {
        RequireSpec();
        var response = await _http.PatchAsync($"guilds/{_guild.Id}/members/{_alice.Id}", JsonBody("""{"communication_disabled_until":1700000000}"""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((int?)(await ReadJson(response))!["code"], Is.EqualTo(50035));
        Assert.That(_standIn.SpecViolations.Single(), Does.Contain("update_guild_member"));
    }

    [Test]
    public async Task Spec_check_flags_unknown_routes()
    {
        RequireSpec();
        await _http.GetAsync("no/such/route");
        Assert.That(_standIn.SpecViolations.Single(), Does.Contain("no operation"));
    }

    [Test]
    public async Task Timeout_set_then_cleared_with_explicit_null_and_absent_field_leaves_it()
    {
        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        var set = await _http.PatchAsync($"guilds/{_guild.Id}/members/{_alice.Id}", JsonBody($$"""{"communication_disabled_until":"{{until}}"}"""));
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_standIn.Member(_guild.Id, _alice.Id)!.CommunicationDisabledUntil, Is.Not.Null);

        await _http.PatchAsync($"guilds/{_guild.Id}/members/{_alice.Id}", JsonBody("""{"nick":"al"}"""));
        Assert.That(_standIn.Member(_guild.Id, _alice.Id)!.CommunicationDisabledUntil, Is.Not.Null, "absent means unchanged");

        await _http.PatchAsync($"guilds/{_guild.Id}/members/{_alice.Id}", JsonBody("""{"communication_disabled_until":null}"""));
        Assert.That(_standIn.Member(_guild.Id, _alice.Id)!.CommunicationDisabledUntil, Is.Null, "null lifts the timeout");
    }

    [Test]
    public async Task Missing_or_wrong_token_is_401_but_interaction_callbacks_need_none()
    {
        using var anonymous = Http(_standIn, auth: false);
        var response = await anonymous.PostAsync($"channels/{_general.Id}/messages", JsonBody("""{"content":"x"}"""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_standIn.Messages(_general.Id), Is.Empty);

        var callback = await anonymous.PostAsync("interactions/1/nope/callback", JsonBody("""{"type":6}"""));
        Assert.That((int?)(await ReadJson(callback))!["code"], Is.EqualTo(10062), "reached the handler without auth");
    }

    [Test]
    public async Task Every_response_carries_rate_limit_headers_and_an_exhausted_bucket_answers_429()
    {
        var message = await _standIn.PostMessageAsync(_guild.Id, _general.Id, _alice.Id, "react to me");
        var route = $"channels/{_general.Id}/messages/{message.Id}/reactions/{Uri.EscapeDataString("✅")}/@me";
        var first = await _http.PutAsync(route, null);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.Multiple(() =>
        {
            Assert.That(first.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("2"));
            Assert.That(first.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("1"));
            Assert.That(first.Headers.Contains("X-RateLimit-Reset"), Is.True);
            Assert.That(double.Parse(first.Headers.GetValues("X-RateLimit-Reset-After").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(first.Headers.GetValues("X-RateLimit-Bucket").Single(), Is.Not.Empty);
        });
        await _http.PutAsync(route, null);
        var limited = await _http.PutAsync(route, null);
        Assert.That((int)limited.StatusCode, Is.EqualTo(429));
        var body = await ReadJson(limited);
        Assert.Multiple(() =>
        {
            Assert.That((double?)body!["retry_after"], Is.GreaterThan(0));
            Assert.That((bool?)body["global"], Is.False);
            Assert.That(limited.Headers.GetValues("X-RateLimit-Scope").Single(), Is.EqualTo("user"));
            Assert.That(limited.Headers.Contains("Retry-After"), Is.True);
            Assert.That(_standIn.RateLimitExceededCount, Is.EqualTo(1));
        });
        Assert.That(_standIn.GetMessage(message.Id)!.ReactionUsers("✅"), Is.EqualTo(new[] { _standIn.BotUser.Id }));
    }

    [Test]
    public async Task Injected_global_429_has_global_headers_and_early_retries_count_as_exceeded()
    {
        _standIn.Faults.RateLimitNext("POST /channels/{channel_id}/messages", retryAfterSeconds: 30, global: true);
        var first = await PostMessage("""{"content":"a"}""");
        Assert.That((int)first.StatusCode, Is.EqualTo(429));
        Assert.That(first.Headers.GetValues("X-RateLimit-Global").Single(), Is.EqualTo("true"));
        Assert.That(first.Headers.GetValues("X-RateLimit-Scope").Single(), Is.EqualTo("global"));
        Assert.That((bool?)(await ReadJson(first))!["global"], Is.True);
        Assert.That(_standIn.RateLimitExceededCount, Is.Zero, "the injected 429 itself is not the client's fault");

        var early = await _http.GetAsync($"guilds/{_guild.Id}");
        Assert.That((int)early.StatusCode, Is.EqualTo(429));
        Assert.That(_standIn.RateLimitExceededCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Nonce_with_enforce_nonce_returns_the_original_instead_of_posting_twice()
    {
        _standIn.Faults.FailNextAfterPerforming("POST /channels/{channel_id}/messages", 502);
        const string body = """{"content":"once","nonce":"abc123","enforce_nonce":true,"allowed_mentions":{"parse":[]}}""";
        var failed = await PostMessage(body);
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        var retried = await PostMessage(body);
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_standIn.Messages(_general.Id), Has.Count.EqualTo(1));
        Assert.That((string?)(await ReadJson(retried))!["id"], Is.EqualTo(_standIn.Messages(_general.Id)[0].Id.ToString()));
    }

    [Test]
    public async Task Multipart_upload_pairs_files_with_attachment_metadata()
    {
        using var form = new MultipartFormDataContent();
        var payload = new StringContent("""{"content":"report","attachments":[{"id":0,"filename":"report.txt","description":"weekly"}]}""", Encoding.UTF8);
        payload.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(payload, "payload_json");
        var file = new ByteArrayContent("hello file"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "files[0]", "report.txt");

        var response = await _http.PostAsync($"channels/{_general.Id}/messages", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var attachment = (await ReadJson(response))!["attachments"]![0]!;
        Assert.That((string?)attachment["filename"], Is.EqualTo("report.txt"));
        var stored = _standIn.Messages(_general.Id).Single().Attachments.Single();
        Assert.That(Encoding.UTF8.GetString(stored.Content), Is.EqualTo("hello file"));
        Assert.That(stored.Description, Is.EqualTo("weekly"));
        Assert.That(_standIn.Requests.Last().FileParts, Is.EqualTo(new[] { "files[0]=report.txt" }));
    }

    [Test]
    public async Task Closed_dms_answer_50007()
    {
        _alice.DmsClosed = true;
        var dm = await ReadJson(await _http.PostAsync("users/@me/channels", JsonBody($$"""{"recipient_id":"{{_alice.Id}}"}""")));
        var response = await _http.PostAsync($"channels/{(string)dm!["id"]!}/messages", JsonBody("""{"content":"welcome"}"""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((int?)(await ReadJson(response))!["code"], Is.EqualTo(50007));
        Assert.That(_standIn.DmsTo(_alice.Id), Is.Empty);
    }

    [Test]
    public async Task Ban_records_the_audit_reason_and_removes_the_member()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"guilds/{_guild.Id}/bans/{_alice.Id}") { Content = JsonBody("""{"delete_message_seconds":0}""") };
        request.Headers.Add("X-Audit-Log-Reason", Uri.EscapeDataString("spam links"));
        var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(_standIn.Bans(_guild.Id).Single().Reason, Is.EqualTo("spam links"));
        Assert.That(_standIn.Member(_guild.Id, _alice.Id), Is.Null);
        Assert.That(_standIn.Requests.Last().AuditLogReason, Is.EqualTo("spam links"));
    }

    [Test]
    public void Member_permissions_combine_everyone_roles_administrator_owner_and_timeout()
    {
        var mod = _guild.AddRole("mod", Permissions.KickMembers, position: 2);
        var admin = _guild.AddRole("admin", Permissions.Administrator, position: 3);
        var bob = _standIn.CreateUser("bob");
        var carol = _standIn.CreateUser("carol");
        _guild.AddMember(bob.Id, mod.Id);
        _guild.AddMember(carol.Id, admin.Id);
        Assert.Multiple(() =>
        {
            Assert.That(_guild.PermissionsOf(_alice.Id), Is.EqualTo(Permissions.DefaultEveryone));
            Assert.That(_guild.PermissionsOf(bob.Id), Is.EqualTo(Permissions.DefaultEveryone | Permissions.KickMembers));
            Assert.That(_guild.PermissionsOf(carol.Id), Is.EqualTo(Permissions.All));
            Assert.That(_guild.PermissionsOf(_owner.Id), Is.EqualTo(Permissions.All));
        });
    }
}
