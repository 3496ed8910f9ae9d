using System.Diagnostics;

namespace CommunityBot.Benchmarks;

/// <summary>
/// Per-call latency distribution of <c>/faq search</c> (BenchmarkDotNet reports per-iteration averages, not a
/// per-call p99). Runs the query mix of <see cref="FaqBenchmarks"/> against the same 50,000-entry database.
/// Run: <c>dotnet run -c Release --project tests/CommunityBot.Benchmarks -- faq-latency [calls]</c>
/// </summary>
public static class FaqSearchLatency
{
    public static async Task RunAsync(int calls)
    {
        var bench = new FaqBenchmarks();
        bench.Setup();
        for (var warm = 0; warm < 200; warm++) { bench.Query = warm % FaqBenchmarks.Queries.Length; await bench.Search(); }

        var samples = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            bench.Query = i % FaqBenchmarks.Queries.Length;
            var start = Stopwatch.GetTimestamp();
            await bench.Search();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        double At(double p) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(p * samples.Length) - 1)];
        Console.WriteLine($"/faq search over 50,000 entries, {calls} calls across {FaqBenchmarks.Queries.Length} queries: " +
                          $"median {At(0.50):0.00} ms, p90 {At(0.90):0.00} ms, p99 {At(0.99):0.00} ms, max {samples[^1]:0.00} ms");
    }
}
