namespace Par.Api.Logging;

/// <summary>
/// One <typeparamref name="T"/> per thread, reused from one log line to the next: an access-log line per request must
/// not cost its buffers anew. A use nested in another on the same thread (a value's ToString that logs) gets a fresh
/// one; one grown past <see cref="ThreadReused.OrdinaryLine"/> is let go after its use, so a huge exception's line does
/// not keep its buffers alive on the thread.
/// </summary>
internal static class ThreadReused<T> where T : class
{
    [ThreadStatic]
    private static T? t_cached;

    [ThreadStatic]
    private static bool t_inUse;

    public static T Take(Func<T> create)
    {
        if (t_inUse)
        {
            return create();
        }

        t_inUse = true;
        return t_cached ??= create();
    }

    public static void Return(T item, bool oversized)
    {
        if (!ReferenceEquals(item, t_cached))
        {
            return;
        }

        t_inUse = false;
        if (oversized)
        {
            t_cached = null;
        }
    }
}

internal static class ThreadReused
{
    /// <summary>What an ordinary line's buffers grow to, at most (bytes or characters).</summary>
    public const int OrdinaryLine = 64 * 1024;
}
