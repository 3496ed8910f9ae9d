namespace CommunityBot.StandIn;

/// <summary>Whether requests are checked against Discord's OpenAPI spec, and if not, why.</summary>
public sealed class SpecCheck
{
    internal SpecCheck(string? path, string? skippedReason)
    {
        SpecPath = path;
        SkippedReason = skippedReason;
    }

    public bool Enabled => SkippedReason is null;
    public string? SpecPath { get; }
    public string? SkippedReason { get; }

    /// <summary>The spec file from options, else <c>DISCORD_OPENAPI_SPEC</c>.</summary>
    internal static SpecCheck Resolve(string? configured)
    {
        var path = configured ?? Environment.GetEnvironmentVariable("DISCORD_OPENAPI_SPEC");
        if (string.IsNullOrWhiteSpace(path)) return new SpecCheck(null, "DISCORD_OPENAPI_SPEC not set");
        return File.Exists(path) ? new SpecCheck(path, null) : new SpecCheck(path, $"OpenAPI spec not found at {path}");
    }
}
