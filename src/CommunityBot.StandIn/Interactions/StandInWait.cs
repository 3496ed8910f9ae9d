namespace CommunityBot.StandIn;

/// <summary>Condition waits that wake on every state change (and poll as a fallback), so tests never sleep.</summary>
internal static class StandInWait
{
    public static async Task UntilAsync(StandInCore core, Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        if (condition()) return;
        var signal = new SemaphoreSlim(0);
        void OnChange(StateChange _) => signal.Release();
        core.Changed += OnChange;
        try
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!condition())
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.###} s waiting for {what ?? "the condition"}.");
                // Changes signal at once; the short cap also covers conditions that depend on something else (a clock).
                await signal.WaitAsync(left < TimeSpan.FromMilliseconds(20) ? left : TimeSpan.FromMilliseconds(20));
            }
        }
        finally
        {
            core.Changed -= OnChange;
        }
    }
}
