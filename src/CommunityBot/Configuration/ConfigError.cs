namespace CommunityBot.Configuration;

/// <summary>One problem in a config file: which file, where in it (a JSON path), and what is wrong.</summary>
public sealed record ConfigError(string File, string Path, string Problem)
{
    public override string ToString() => $"{File}: {Path}: {Problem}";
}

/// <summary>Thrown at start-up when the community config is invalid; the message lists every problem.</summary>
public sealed class ConfigInvalidException(IReadOnlyList<ConfigError> errors)
    : Hosting.StartupRefusedException("The community config is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}

/// <summary>
/// Collects semantic problems while a feature validates its section. Paths are JSON paths relative to the
/// file, e.g. <c>$.guilds["1234"].moderation.rules[2].pattern</c>.
/// </summary>
public sealed class ConfigValidationContext(string file, string sectionPath, GuildConfig guild)
{
    private readonly List<ConfigError> _errors = [];
    public IReadOnlyList<ConfigError> Errors => _errors;
    public GuildConfig Guild { get; } = guild;

    /// <summary>Records a problem at <paramref name="relativePath"/> below the section (e.g. <c>rules[2].pattern</c>).</summary>
    public void Error(string relativePath, string problem) =>
        _errors.Add(new ConfigError(file, string.IsNullOrEmpty(relativePath) ? sectionPath : $"{sectionPath}.{relativePath}", problem));

    public void NotNegative(string relativePath, double value)
    {
        if (value < 0) Error(relativePath, $"must not be negative (found {value})");
    }

    public void Positive(string relativePath, double value)
    {
        if (value <= 0) Error(relativePath, $"must be greater than zero (found {value})");
    }

    /// <summary>Compiles an admin-supplied pattern the way the bot will run it: non-backtracking, so it can never hang.</summary>
    public System.Text.RegularExpressions.Regex? Regex(string relativePath, string pattern, System.Text.RegularExpressions.RegexOptions extra = default)
    {
        try
        {
            return new System.Text.RegularExpressions.Regex(pattern,
                System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant | extra,
                TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            Error(relativePath, $"regular expression does not compile: {ex.Message}");
            return null;
        }
        catch (NotSupportedException ex)
        {
            Error(relativePath, $"regular expression uses a construct the safe (non-backtracking) engine does not support: {ex.Message}");
            return null;
        }
    }
}
