namespace CommunityBot.TestSupport;

/// <summary>Finds files of the repository (and ../shared beside it) from a test's output directory.</summary>
public static class RepoFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CommunityBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("CommunityBot.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Discord's OpenAPI spec: DISCORD_OPENAPI_SPEC, else ../shared/discord/spec/openapi.json beside the repo.</summary>
    public static string? OpenApiSpec()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DISCORD_OPENAPI_SPEC");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        var root = Root();
        foreach (var candidate in new[] { Path.Combine(root, "..", "shared", "discord", "spec", "openapi.json"), Path.Combine(root, "..", "..", "shared", "discord", "spec", "openapi.json") })
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        return null;
    }
}
