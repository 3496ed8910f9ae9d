namespace CommunityBot.Benchmarks;

/// <summary>Runs the benchmarks chosen with <c>--filter</c> (see docs/benchmarks.md for the commands and figures).</summary>
public static class BenchmarkEntry
{
    public static void Main(string[] args) =>
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
}
