namespace CommunityBot.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen with <c>--filter</c>, <c>faq-latency [calls]</c> for the per-call FAQ search
/// distribution, <c>decode-ratio [rounds]</c> for the gateway decode target measured in alternating rounds, or
/// <c>ledger-growth [seconds] [sqlite|postgres]</c> for the award path on an empty and a grown ledger
/// (see docs/benchmarks.md for the commands and figures).
/// </summary>
public static class BenchmarkEntry
{
    public static async Task Main(string[] args)
    {
        if (args is ["faq-latency", ..])
        {
            await FaqSearchLatency.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 3000);
            return;
        }
        if (args is ["ledger-growth", ..])
        {
            await LedgerGrowth.RunAsync(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
                args.Length > 2 ? args[2] : "sqlite");
            return;
        }
        if (args is ["decode-ratio", ..])
        {
            DecodeThroughputRatio.Run(args.Length > 1 ? int.Parse(args[1]) : 40);
            return;
        }
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
    }
}
