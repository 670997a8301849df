namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// Python writes a traceback to stderr as many lines; the log gets it as one entry. A traceback starts with
/// "Traceback (most recent call last):" (or the worker's own "par_worker: ... raised:" line right before it), goes on
/// with indented frame lines and ends with the exception line; a chained one ("During handling of the above
/// exception...", "The above exception was the direct cause...") continues the same entry. What follows, or a
/// quiet moment, closes it. Every other line passes through as it came.
/// </summary>
internal sealed class TracebackGrouper : IDisposable
{
    private const int MaxLines = 500;
    private static readonly TimeSpan DefaultQuiet = TimeSpan.FromMilliseconds(250);

    private readonly Action<string> _line;
    private readonly Action<string, string> _traceback;
    private readonly List<string> _pending = [];
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private readonly TimeSpan _quiet;
    private State _state = State.Idle;
    private bool _disposed;

    /// <param name="line">Receives each line that is not part of a traceback.</param>
    /// <param name="traceback">Receives a whole traceback: its exception line, then the full text.</param>
    /// <param name="quiet">How long without a new line closes an open traceback (infinite: only the next line or Flush).</param>
    public TracebackGrouper(Action<string> line, Action<string, string> traceback, TimeSpan? quiet = null)
    {
        _line = line;
        _traceback = traceback;
        _quiet = quiet ?? DefaultQuiet;
        _timer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
    }

    private enum State { Idle, Header, Frames, Ended }

    public void Feed(string text)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return; // the stderr reader may still deliver a line after the worker disposed the grouper
            }

            Step(text);
            if (_state != State.Idle)
            {
                _timer.Change(_quiet, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Emits a traceback still being collected (at a quiet moment, or when the process has ended).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                Emit();
            }
        }
    }

    /// <summary>Emits what is still open and stops: a later Feed or Flush does nothing.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Emit();
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void Step(string text)
    {
        switch (_state)
        {
            case State.Idle when IsStart(text):
                Collect(text, State.Frames);
                break;
            case State.Idle when text.StartsWith("par_worker: ", StringComparison.Ordinal) && text.EndsWith(':'):
                Collect(text, State.Header);
                break;
            case State.Idle:
                _line(text);
                break;
            case State.Header when IsStart(text):
                Collect(text, State.Frames);
                break;
            case State.Header:
                var header = _pending[0];
                _pending.Clear();
                _state = State.Idle;
                _line(header);
                Step(text);
                break;
            case State.Frames:
                var frame = text.Length == 0 || char.IsWhiteSpace(text[0]) || IsStart(text) || IsChain(text);
                Collect(text, frame ? State.Frames : State.Ended);
                break;
            case State.Ended when text.Length == 0:
                Collect(text, State.Ended);
                break;
            case State.Ended when IsChain(text) || IsStart(text):
                Collect(text, State.Frames);
                break;
            case State.Ended:
                Emit();
                Step(text);
                break;
        }

        if (_pending.Count >= MaxLines)
        {
            Emit();
        }
    }

    private void Collect(string text, State next)
    {
        _pending.Add(text);
        _state = next;
    }

    private void Emit()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var lines = _pending.ToList();
        _pending.Clear();
        var state = _state;
        _state = State.Idle;
        if (state == State.Header)
        {
            _line(lines[0]);
            return;
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var error = lines.LastOrDefault(l => l.Length > 0 && !char.IsWhiteSpace(l[0])) ?? lines[^1];
        _traceback(error, string.Join('\n', lines));
    }

    private static bool IsStart(string text) => text.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal);

    private static bool IsChain(string text) =>
        text.StartsWith("During handling of the above exception", StringComparison.Ordinal)
        || text.StartsWith("The above exception was the direct cause", StringComparison.Ordinal);
}
