using System.Diagnostics;

namespace CommunityBot.TestSupport;

/// <summary>Waits for a condition instead of sleeping: polls every few milliseconds up to a deadline, then fails with a description.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value) return value;
            if (watch.Elapsed > (timeout ?? DefaultTimeout)) throw new AssertionException($"Timed out after {watch.Elapsed.TotalSeconds:0.0}s waiting for {what}.");
            await Task.Delay(10);
        }
    }

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > (timeout ?? DefaultTimeout)) throw new AssertionException($"Timed out after {watch.Elapsed.TotalSeconds:0.0}s waiting for {what}.");
            await Task.Delay(10);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > (timeout ?? DefaultTimeout)) throw new AssertionException($"Timed out after {watch.Elapsed.TotalSeconds:0.0}s waiting for {what}.");
            await Task.Delay(10);
        }
    }
}
