using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using CommunityBot.StandIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Sandbox;

/// <summary>
/// The sandbox page: a plain HTML/CSS/JS client (embedded in the assembly, no build step) served on 127.0.0.1, a JSON
/// view of the server per persona, one POST per member action, and Server-Sent Events that tell the page to refresh
/// whenever the stand-in's state, the community config or the persona list changes.
/// </summary>
internal sealed class SandboxPage : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxPage(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SandboxPage> StartAsync(SandboxRuntime sandbox, int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SandboxPage).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var actions = new SandboxActions(sandbox);

        app.MapGet("/", http => Asset(http, "index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", http => Asset(http, "app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", http => Asset(http, "app.css", "text/css; charset=utf-8"));
        app.MapGet("/api/state", http =>
        {
            var persona = http.Request.Query["persona"].ToString();
            if (sandbox.PersonaId(persona) is null) persona = "alice";
            return Write(http, SandboxState.Build(sandbox, persona), SandboxJson.Default.StateView);
        });
        app.MapGet("/api/events", http => StreamEventsAsync(http, sandbox));

        Act(app, "post", SandboxJson.Default.PostRequest, actions.PostAsync);
        Act(app, "dm", SandboxJson.Default.DirectMessageRequest, actions.DirectMessageAsync);
        Act(app, "react", SandboxJson.Default.ReactRequest, actions.ReactAsync);
        Act(app, "poll-vote", SandboxJson.Default.PollVoteRequest, actions.VotePollAsync);
        Act(app, "join", SandboxJson.Default.PersonaRequest, actions.JoinAsync);
        Act(app, "leave", SandboxJson.Default.PersonaRequest, actions.LeaveAsync);
        Act(app, "new-person", SandboxJson.Default.PersonaRequest, actions.NewPersonAsync);
        Act(app, "slash", SandboxJson.Default.SlashRequest, actions.SlashAsync);
        Act(app, "autocomplete", SandboxJson.Default.SlashRequest, actions.AutocompleteAsync);
        Act(app, "message-command", SandboxJson.Default.MessageCommandRequest, actions.MessageCommandAsync);
        Act(app, "button", SandboxJson.Default.ButtonRequest, actions.ButtonAsync);
        Act(app, "select", SandboxJson.Default.SelectRequest, actions.SelectAsync);
        Act(app, "modal", SandboxJson.Default.ModalRequest, actions.ModalAsync);

        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync();
            throw new SandboxStartException($"Cannot listen on 127.0.0.1:{port} ({ex.Message}). Pick another port with --port N (or --port 0 for any free port).");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxPage(app, address.TrimEnd('/') + "/");
    }

    private static void Act<T>(WebApplication app, string name, JsonTypeInfo<T> request, Func<T, Task<ActionResult>> action) =>
        app.MapPost("/api/" + name, async http =>
        {
            ActionResult result;
            try
            {
                var body = await JsonSerializer.DeserializeAsync(http.Request.Body, request, http.RequestAborted)
                    ?? throw new ArgumentException("The request body is empty.");
                result = await action(body);
            }
            catch (JsonException ex)
            {
                result = new ActionResult(false, "The request is not valid JSON: " + ex.Message);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException)
            {
                // The stand-in refuses what Discord would refuse (not a member, a disabled button, a missing required
                // option…); its message says why, so the page shows it as is.
                result = new ActionResult(false, ex.Message);
            }
            http.Response.StatusCode = result.Ok ? 200 : 400;
            await Write(http, result, SandboxJson.Default.ActionResult);
        });

    /// <summary>One "change" event per burst of changes; the page then fetches the view it needs.</summary>
    private static async Task StreamEventsAsync(HttpContext http, SandboxRuntime sandbox)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnState(StateChange change)
        {
            // Requests and gateway chatter change nothing the page shows.
            if (change.Kind is not (StateChangeKind.RequestRecorded or StateChangeKind.GatewayChanged)) signal.Writer.TryWrite(true);
        }
        void OnSandbox() => signal.Writer.TryWrite(true);
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        sandbox.StandIn.StateChanged += OnState;
        sandbox.SandboxChanged += OnSandbox;
        try
        {
            var sequence = 0;
            await http.Response.WriteAsync("retry: 1000\nevent: change\ndata: 0\n\n", done.Token);
            await http.Response.Body.FlushAsync(done.Token);
            while (await signal.Reader.WaitToReadAsync(done.Token))
            {
                signal.Reader.TryRead(out _);
                await http.Response.WriteAsync($"event: change\ndata: {++sequence}\n\n", done.Token);
                await http.Response.Body.FlushAsync(done.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed or the sandbox is stopping.
        }
        finally
        {
            sandbox.StandIn.StateChanged -= OnState;
            sandbox.SandboxChanged -= OnSandbox;
        }
    }

    private static async Task Asset(HttpContext http, string name, string contentType)
    {
        await using var stream = typeof(SandboxPage).Assembly.GetManifestResourceStream("CommunityBot.Sandbox.wwwroot." + name);
        if (stream is null)
        {
            http.Response.StatusCode = 404;
            return;
        }
        http.Response.ContentType = contentType;
        http.Response.Headers.CacheControl = "no-cache";
        await stream.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    private static Task Write<T>(HttpContext http, T value, JsonTypeInfo<T> info)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(http.Response.Body, value, info, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(stopping.Token); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync();
    }
}

/// <summary>The sandbox could not start for a reason the person can fix (the message says how).</summary>
public sealed class SandboxStartException(string message) : Exception(message);
