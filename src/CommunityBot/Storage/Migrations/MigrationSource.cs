using System.Reflection;
using System.Text.RegularExpressions;

namespace CommunityBot.Storage.Migrations;

public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// One module's ordered schema history. Each feature owns its tables and ships its SQL as embedded
/// files <c>Migrations/sqlite/NNN_name.sql</c> and <c>Migrations/postgres/NNN_name.sql</c> next to its code,
/// so features never edit each other's migrations.
/// </summary>
public sealed partial class MigrationSource
{
    public string Module { get; }
    private readonly string _resourcePrefix;
    private readonly Assembly _assembly;

    /// <param name="module">Stable module key stored in <c>schema_migrations</c>.</param>
    /// <param name="anchor">Any type in the namespace that contains the <c>Migrations</c> folder.</param>
    public MigrationSource(string module, Type anchor)
    {
        Module = module;
        _assembly = anchor.Assembly;
        _resourcePrefix = anchor.Namespace + ".Migrations.";
    }

    private readonly IReadOnlyList<Migration>? _fixed;

    private MigrationSource(string module, IReadOnlyList<Migration> migrations)
    {
        Module = module;
        _fixed = migrations;
        _resourcePrefix = "";
        _assembly = typeof(MigrationSource).Assembly;
    }

    /// <summary>A source with an explicit list (both providers), e.g. to reproduce what an older build applied.</summary>
    public static MigrationSource Fixed(string module, IReadOnlyList<Migration> migrations) => new(module, migrations);

    public IReadOnlyList<Migration> For(DatabaseProvider provider)
    {
        if (_fixed is not null) return _fixed;
        var folder = _resourcePrefix + (provider == DatabaseProvider.Sqlite ? "sqlite." : "postgres.");
        var migrations = new List<Migration>();
        foreach (var name in _assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder, StringComparison.Ordinal)))
        {
            var file = name[folder.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
                throw new InvalidOperationException($"Migration resource '{name}' must be named NNN_description.sql.");
            using var stream = _assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations of module '{Module}' ({provider}) must be numbered 1..n without gaps; found {migrations[i].Version} at position {i + 1}.");
        return migrations;
    }

    [GeneratedRegex(@"^(\d+)_(.+)\.sql$")]
    private static partial Regex FileName();
}
