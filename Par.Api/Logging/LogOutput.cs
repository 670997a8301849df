using System.Text;

namespace Par.Api.Logging;

/// <summary>
/// Where PAR's log lines go (stdout): each line is appended to one buffer by the thread that logs it, and what is
/// pending is written in one write at most <see cref="FlushDelay"/> after the first line of it. The console logger it
/// replaces woke its own thread and made one write per line: with the access log on, that was half of PAR's CPU per
/// Invoke (bench/notes.md, issue 21). A line at Error or above is written without the delay; a buffer past
/// <see cref="MaxPending"/>, disposal and the process's exit (Environment.Exit included) write at once, on the
/// caller's thread. Only a kill (SIGKILL) or a native crash within the delay loses lines. A failed write (stdout
/// closed) drops what was pending and every later line instead of failing the code that logs.
/// </summary>
internal sealed class LogOutput : IDisposable
{
    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>Pending bytes past which the appending thread writes them itself: a slow reader slows the loggers.</summary>
    public const int MaxPending = 256 * 1024;

    private const int InitialBuffer = 16 * 1024;

    private readonly Stream _stream;
    private readonly Lock _pendingLock = new();
    private readonly Lock _writeLock = new();
    private readonly Timer _timer;
    private readonly TimeSpan _delay;
    private byte[] _pending = new byte[InitialBuffer];
    private byte[] _writing = new byte[InitialBuffer];
    private int _pendingLength;
    private Armed _armed;
    private bool _closed;
    private bool _broken;

    /// <summary>Lines written to <paramref name="stream"/>; <paramref name="delay"/> (tests) replaces <see cref="FlushDelay"/>.</summary>
    public LogOutput(Stream stream, TimeSpan? delay = null)
    {
        _stream = stream;
        _delay = delay ?? FlushDelay;
        _timer = new Timer(static state => ((LogOutput)state!).Flush(), this, Timeout.Infinite, Timeout.Infinite);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The process's stdout, written without .NET's console writer in between.</summary>
    public static LogOutput Stdout() => new(Console.OpenStandardOutput());

    /// <summary>
    /// Appends one formatted line (its newline included). An <paramref name="urgent"/> line is written as soon as a
    /// thread-pool thread can, not after the delay, and still not on the caller's thread: PAR's request threads never
    /// wait for stdout unless <see cref="MaxPending"/> is reached.
    /// </summary>
    public void Append(StringBuilder line, bool urgent)
    {
        TimeSpan? due;
        bool now;
        lock (_pendingLock)
        {
            if (_broken)
            {
                return;
            }

            Reserve(Encoding.UTF8.GetMaxByteCount(line.Length));
            foreach (var chunk in line.GetChunks())
            {
                _pendingLength += Encoding.UTF8.GetBytes(chunk.Span, _pending.AsSpan(_pendingLength));
            }

            (now, due) = Appended(urgent);
        }

        Schedule(now, due);
    }

    /// <summary>Appends one line already in UTF-8 (its newline included), as <see cref="Append(StringBuilder, bool)"/> does.</summary>
    public void Append(ReadOnlySpan<byte> line, bool urgent)
    {
        TimeSpan? due;
        bool now;
        lock (_pendingLock)
        {
            if (_broken)
            {
                return;
            }

            Reserve(line.Length);
            line.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += line.Length;
            (now, due) = Appended(urgent);
        }

        Schedule(now, due);
    }

    /// <summary>Room for <paramref name="bytes"/> more in the pending buffer (under the pending lock).</summary>
    private void Reserve(int bytes)
    {
        var needed = _pendingLength + bytes;
        if (needed > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(needed, _pending.Length * 2));
        }
    }

    /// <summary>After a line is appended (under the pending lock): whether to write now, else when the timer is due.</summary>
    private (bool Now, TimeSpan? Due) Appended(bool urgent)
    {
        TimeSpan? due = null;
        var now = _closed || _pendingLength >= MaxPending;
        var wanted = urgent ? Armed.AtOnce : Armed.Delayed;
        if (!now && wanted > _armed)
        {
            _armed = wanted;
            due = urgent ? TimeSpan.Zero : _delay;
        }

        return (now, due);
    }

    private void Schedule(bool now, TimeSpan? due)
    {
        if (due is { } delay)
        {
            try
            {
                _timer.Change(delay, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                now = true; // disposed since the line was appended
            }
        }

        if (now)
        {
            Flush();
        }
    }

    /// <summary>Writes everything pending, in the order it was appended.</summary>
    public void Flush()
    {
        lock (_writeLock)
        {
            int length;
            lock (_pendingLock)
            {
                (_pending, _writing) = (_writing, _pending);
                length = _pendingLength;
                _pendingLength = 0;
                _armed = Armed.No;
            }

            if (length == 0 || _broken)
            {
                return;
            }

            try
            {
                _stream.Write(_writing, 0, length);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
            {
                lock (_pendingLock)
                {
                    _broken = true;
                    _pendingLength = 0;
                }
            }

            // A burst's buffer (a long exception, a slow reader) is not kept for the quiet that follows.
            if (_writing.Length > MaxPending)
            {
                _writing = new byte[InitialBuffer];
            }
        }
    }

    /// <summary>Writes what is pending; later lines are written as they come.</summary>
    public void Dispose()
    {
        lock (_pendingLock)
        {
            _closed = true;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _timer.Dispose();
        Flush();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Flush();

    private enum Armed
    {
        No,
        Delayed,
        AtOnce,
    }
}
