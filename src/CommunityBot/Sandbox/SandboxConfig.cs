using System.Text.RegularExpressions;

namespace CommunityBot.Sandbox;

/// <summary>
/// The sandbox's community.json: an embedded template (<c>community.sandbox.json</c>, every feature section on)
/// whose <c>${channel:name}</c>, <c>${role:name}</c>, <c>${person:name}</c> and <c>${guild}</c> placeholders become the
/// ids of the community just seeded. The ids change on every start, so the file is written fresh each time.
/// </summary>
public static partial class SandboxConfig
{
    public const string TemplateResource = "CommunityBot.Sandbox.community.sandbox.json";

    [GeneratedRegex(@"\$\{(?<kind>channel|role|person|guild|schema)(:(?<name>[A-Za-z0-9_-]+))?\}", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public static string Template()
    {
        using var stream = typeof(SandboxConfig).Assembly.GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"The sandbox config template {TemplateResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Replaces every placeholder; an unknown name is a bug in the template, so it fails loudly.</summary>
    public static string Render(string template, SeededCommunity community, string schemaReference) =>
        Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            var id = match.Groups["kind"].Value switch
            {
                "guild" => community.GuildId,
                "schema" => (ulong?)null,
                "channel" => community.Channels.TryGetValue(name, out var c) ? c : Unknown("channel", name, community.Channels.Keys),
                "role" => community.Roles.TryGetValue(name, out var r) ? r : Unknown("role", name, community.Roles.Keys),
                _ => community.People.TryGetValue(name, out var p) ? p : Unknown("person", name, community.People.Keys),
            };
            return id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? schemaReference.Replace('\\', '/');
        });

    /// <summary>Writes the rendered config to <paramref name="path"/>, pointing <c>$schema</c> at the repository's schema when there is one.</summary>
    public static void Write(string path, SeededCommunity community)
    {
        var schema = Path.GetFullPath(Path.Combine("config", "community.schema.json"));
        var reference = File.Exists(schema) ? Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(path))!, schema) : "";
        File.WriteAllText(path, Render(Template(), community, reference));
    }

    private static ulong Unknown(string kind, string name, IEnumerable<string> known) =>
        throw new InvalidOperationException($"The sandbox config template names an unknown {kind} '{name}'; the seeded community has: {string.Join(", ", known)}.");
}
