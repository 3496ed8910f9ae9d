using System.Diagnostics;

namespace CommunityBot.Benchmarks;

/// <summary>
/// The decode target as a ratio that survives a busy machine: <see cref="GatewayDecodeBenchmarks.BareReader"/>
/// and <see cref="GatewayDecodeBenchmarks.TypedDecode"/> are timed back to back in alternating rounds, so load
/// that comes and goes hits both alike (BenchmarkDotNet runs one method after the other). Reports, per frame,
/// each method's best and median round and the median of the per-round ratios.
/// Run: <c>dotnet run -c Release --project tests/CommunityBot.Benchmarks -- decode-ratio [rounds]</c>
/// </summary>
public static class DecodeThroughputRatio
{
    private static readonly TimeSpan RoundLength = TimeSpan.FromMilliseconds(250);

    public static void Run(int rounds)
    {
        var bench = new GatewayDecodeBenchmarks();
        bench.Setup();
        const int framesPerCall = GatewayDecodeBenchmarks.FramesPerCall;
        for (var warm = 0; warm < 2_000; warm++) { bench.BareReader(); bench.TypedDecode(); }

        var bare = new double[rounds];
        var typed = new double[rounds];
        var ratios = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            bare[round] = MicrosecondsPerFrame(() => bench.BareReader(), framesPerCall);
            typed[round] = MicrosecondsPerFrame(() => bench.TypedDecode(), framesPerCall);
            ratios[round] = typed[round] / bare[round];
        }
        Array.Sort(bare);
        Array.Sort(typed);
        Array.Sort(ratios);
        var medianRatio = ratios[rounds / 2];
        Console.WriteLine($"{rounds} alternating rounds of {RoundLength.TotalMilliseconds:0} ms, per frame: " +
                          $"bare reader best {bare[0]:0.000} µs / median {bare[rounds / 2]:0.000} µs; " +
                          $"typed decode best {typed[0]:0.000} µs / median {typed[rounds / 2]:0.000} µs; " +
                          $"median ratio {medianRatio:0.00} → typed decode runs at {100 / medianRatio:0} % of the bare reader's throughput (target ≥ 33 %)");
    }

    private static double MicrosecondsPerFrame(Func<int> pass, int framesPerCall)
    {
        var calls = 0;
        var start = Stopwatch.GetTimestamp();
        TimeSpan elapsed;
        do
        {
            pass();
            calls++;
        }
        while ((elapsed = Stopwatch.GetElapsedTime(start)) < RoundLength);
        return elapsed.TotalMicroseconds / ((double)calls * framesPerCall);
    }
}
