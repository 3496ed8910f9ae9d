namespace CommunityBot.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen with <c>--filter</c>, <c>faq-latency [calls]</c> for the per-call FAQ search
/// distribution, or <c>decode-ratio [rounds]</c> for the gateway decode target measured in alternating rounds
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
        if (args is ["decode-ratio", ..])
        {
            DecodeThroughputRatio.Run(args.Length > 1 ? int.Parse(args[1]) : 40);
            return;
        }
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
    }
}
