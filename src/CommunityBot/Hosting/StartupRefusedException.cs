namespace CommunityBot.Hosting;

/// <summary>
/// Start-up stopped for a reason the operator must fix (an invalid config file, a database from a newer version…). The
/// message says what is wrong and what to do; it is all the operator sees: the generic host's "Hosting failed to start"
/// report with its stack trace is left out of the log for these (<see cref="LoggingSetup"/>), since nothing crashed.
/// </summary>
public abstract class StartupRefusedException(string message) : Exception(message)
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>True for the generic host's own report of a start-up we refused on purpose.</summary>
    public static bool IsHostReportOfARefusal(string? sourceContext, Exception? exception) =>
        sourceContext == HostCategory && IsRefusal(exception);

    private static bool IsRefusal(Exception? exception) => exception switch
    {
        StartupRefusedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsRefusal),
        _ => false,
    };
}
