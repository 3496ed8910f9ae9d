using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace CommunityBot.Tests.Discord.Fakes;

/// <summary>Plays back scripted HTTP answers and records each request (with its body read eagerly).</summary>
internal sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public Func<HttpRequestMessage, HttpResponseMessage> Default { get; set; } = _ => Json(HttpStatusCode.OK, "{}");
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public ScriptedHttpHandler Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public ScriptedHttpHandler Then(HttpStatusCode status, string json = "{}", params (string Name, string Value)[] headers) =>
        Then(_ => Json(status, json, headers));

    public ScriptedHttpHandler ThenThrow(Exception ex) => Then(_ => throw ex);

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(ct);
        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key,
                // User-Agent product tokens are space-separated on the wire.
                h => string.Join(h.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ",", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ContentType?.ToString(), body));
        var answer = _script.TryDequeue(out var next) ? next : Default;
        return answer(request);
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[]? Body)
{
    public string BodyText => Body is null ? "" : Encoding.UTF8.GetString(Body);
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}
