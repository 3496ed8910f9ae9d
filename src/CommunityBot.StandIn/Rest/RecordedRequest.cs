namespace CommunityBot.StandIn;

/// <summary>One REST request as the stand-in received it, with the answer it gave.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Route, string Query, int Status, DateTimeOffset At)
{
    /// <summary>The JSON body, or <c>payload_json</c> of a multipart request.</summary>
    public string? Body { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>X-Audit-Log-Reason, URL-decoded.</summary>
    public string? AuditLogReason { get; init; }
    public string? UserAgent { get; init; }
    public bool HasAuthorization { get; init; }
    /// <summary>File parts of a multipart request (<c>files[n]</c> name → file name).</summary>
    public IReadOnlyList<string> FileParts { get; init; } = [];
    /// <summary>The JSON error code of a failed answer (e.g. 50007, 40060), when there was one.</summary>
    public int? ErrorCode { get; init; }
    public bool RateLimited => Status == 429;
}
