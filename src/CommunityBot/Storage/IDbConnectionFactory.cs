using System.Data.Common;

namespace CommunityBot.Storage;

/// <summary>
/// The one way repositories reach the database. Connections come back open and configured
/// (SQLite: WAL, busy timeout, foreign keys). Repositories write portable SQL where they can and ask
/// <see cref="Provider"/> for the few places the dialects differ.
/// </summary>
public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }
    Task<DbConnection> OpenAsync(CancellationToken ct = default);
}
