using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommunityBot.Configuration;

public sealed class CommunityConfigOptions
{
    public const string SectionName = "Community";
    /// <summary>Path of the community config (relative to the working directory).</summary>
    public string ConfigPath { get; set; } = "config/community.json";
    /// <summary>Editors write a file in several steps; wait this long after the last change before reloading.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>The current community config, for features to read.</summary>
public interface ICommunityConfig
{
    CommunityConfig Current { get; }
    GuildConfig? Guild(ulong? guildId) => Current.Guild(guildId);
}

/// <summary>
/// Holds the last good config and hot-reloads the file when it changes. An invalid edit never replaces a
/// good config: the errors are logged and raised through <see cref="ReloadRejected"/> (posted to each
/// guild's admin channel) while the bot keeps running on the previous snapshot.
/// </summary>
public sealed class CommunityConfigStore : ICommunityConfig, IDisposable
{
    private readonly CommunityConfigLoader _loader;
    private readonly ILogger<CommunityConfigStore> _logger;
    private readonly string _path;
    private readonly TimeSpan _debounce;
    private readonly object _gate = new();
    private FileSystemWatcher? _watcher;
    private Timer? _debounceTimer;
    private volatile CommunityConfig _current = CommunityConfig.Empty;

    public CommunityConfigStore(CommunityConfigLoader loader, IOptions<CommunityConfigOptions> options, ILogger<CommunityConfigStore> logger)
    {
        _loader = loader;
        _logger = logger;
        _path = Path.GetFullPath(options.Value.ConfigPath);
        _debounce = options.Value.ReloadDebounce;
    }

    public CommunityConfig Current => _current;
    public string FilePath => _path;

    /// <summary>Raised after a reload was accepted.</summary>
    public event Action<CommunityConfig>? Reloaded;
    /// <summary>Raised when an edit was refused; the previous config stays active.</summary>
    public event Action<CommunityConfig, IReadOnlyList<ConfigError>>? ReloadRejected;

    private const string NoConfigMessage =
        "No server is configured: there is no community config at {Path}, so the bot connects to Discord but does nothing in " +
        "any server (no commands, no welcomes, no moderation). To configure one, copy config/community.example.json to that " +
        "path, put your server id under \"guilds\" (Discord: Developer Mode, then right-click the server and Copy Server ID) " +
        "with the channel and role ids each feature needs (config/community.schema.json describes every key), and save it; {When}.";
    private const string AppliedOnSave = "the bot loads it as soon as it is saved, without a restart";
    private const string AppliedOnRestart = "its folder does not exist yet, so create it and restart the bot";

    /// <summary>Loads the file at start-up; an invalid file stops start-up with every problem listed.</summary>
    public void LoadInitial()
    {
        if (!File.Exists(_path))
        {
            _logger.LogWarning(NoConfigMessage, _path, Directory.Exists(Path.GetDirectoryName(_path)) ? AppliedOnSave : AppliedOnRestart);
        }
        else
        {
            var result = _loader.Load(_path);
            if (!result.IsValid) throw new ConfigInvalidException(result.Errors);
            _current = result.Config!;
            _logger.LogInformation("Loaded community config {Path} with {GuildCount} guild(s)", _path, _current.Guilds.Count);
        }
        Watch();
    }

    /// <summary>Re-reads the file now (the watcher calls this; tests may too).</summary>
    public bool Reload()
    {
        lock (_gate)
        {
            var result = _loader.Load(_path);
            if (!result.IsValid)
            {
                _logger.LogError("Rejected the edit of {Path}; still running the last good config (version {Version}):{NewLine}{Errors}",
                    _path, _current.Version, Environment.NewLine, string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e)));
                ReloadRejected?.Invoke(_current, result.Errors);
                return false;
            }
            _current = result.Config!;
            _logger.LogInformation("Reloaded community config {Path} (version {Version}, {GuildCount} guild(s))", _path, _current.Version, _current.Guilds.Count);
        }
        Reloaded?.Invoke(_current);
        return true;
    }

    private void Watch()
    {
        var directory = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(directory)) return;
        _debounceTimer = new Timer(_ => SafeReload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(directory, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler changed = (_, _) => _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Renamed += (_, _) => _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
    }

    private void SafeReload()
    {
        try { Reload(); }
        catch (Exception ex) { _logger.LogError(ex, "Reloading {Path} failed; keeping the last good config", _path); }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounceTimer?.Dispose();
    }
}
