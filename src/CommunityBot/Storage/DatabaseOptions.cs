namespace CommunityBot.Storage;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>The <c>Database</c> section: SQLite file by default, PostgreSQL when several processes share state.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>SQLite: a file path or full connection string. PostgreSQL: an Npgsql connection string.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/communitybot.db";
}
