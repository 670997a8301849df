using System.Diagnostics;

namespace Par.Api.Tests.Infrastructure;

/// <summary>
/// The one bounded wait of the tests: ask again every 50 ms until the condition holds or the timeout passes, then fail
/// naming what was awaited and the last thing seen. An exception from the condition ends the wait at once.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string because, Func<string>? lastSeen = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, because, lastSeen);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, Func<string>? lastSeen = null)
    {
        if (!await HoldsWithinAsync(condition, timeout))
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting until {because}" + (lastSeen is null ? "" : $"; last seen: {lastSeen()}"));
        }
    }

    /// <summary>The first non-null answer of <paramref name="attempt"/>; fails as <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, string, Func{string}?)"/> does.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> attempt, TimeSpan timeout, string because, Func<string>? lastSeen = null)
        where T : struct
    {
        T? found = null;
        await UntilAsync(async () => (found = await attempt()) is not null, timeout, because, lastSeen);
        return found!.Value;
    }

    /// <summary>Whether the condition comes to hold within the timeout, for a test that asserts on the answer itself.</summary>
    public static Task<bool> HoldsWithinAsync(Func<bool> condition, TimeSpan timeout) =>
        HoldsWithinAsync(() => Task.FromResult(condition()), timeout);

    public static async Task<bool> HoldsWithinAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(Interval);
        }
    }
}
