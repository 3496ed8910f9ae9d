namespace CommunityBot.Discord.Rest;

/// <summary>
/// What the rate limiter needs to know about a call: the method and route template (RL: limits are
/// per route), the major parameter value (channel, guild, or webhook id + token), and whether it is
/// a webhook-token route (no bot auth, exempt from the global limit).
/// </summary>
internal sealed record RestRoute(HttpMethod Method, string Template, string MajorParameter = "", bool UsesWebhookToken = false)
{
    /// <summary>Identifies the route across major parameters; the learned bucket hash is stored against it.</summary>
    public string TemplateKey { get; } = $"{Method.Method} {Template}";

    /// <summary>The limiter's key for a route whose bucket is not known yet.</summary>
    public string Key => $"{TemplateKey}|{MajorParameter}";

    /// <summary>
    /// Safe to repeat after an ambiguous failure: GET/PUT/DELETE/PATCH, plus POST create-message
    /// (it carries nonce + enforce_nonce). Interaction callbacks are POSTs and so never retried.
    /// </summary>
    public bool IsIdempotent { get; init; } = Method != HttpMethod.Post;

    /// <summary>The channel a channel route is about (its major parameter), if it is one.</summary>
    public ulong? ChannelId =>
        MajorParameter.StartsWith("channel:", StringComparison.Ordinal) && ulong.TryParse(MajorParameter.AsSpan(8), out var id) ? id : null;

    public override string ToString() => TemplateKey;
}
