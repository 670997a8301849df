namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// The keep-alive connections to one worker's socket for Invoke: up to <c>limit</c> open at once (a call beyond it
/// waits for one to come back), idle ones reused most recent first and closed after <see cref="IdleTimeout"/> unused,
/// as SocketsHttpHandler's pool did.
/// </summary>
internal sealed class WorkerConnectionPool : IDisposable
{
    /// <summary>How long a connection may stay idle before it is closed.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);

    private readonly string _socketPath;
    private readonly int _limit;
    private readonly Lock _gate = new();
    private readonly List<WorkerConnection> _idle = []; // the most recently used last
    private readonly Queue<TaskCompletionSource<WorkerConnection?>> _waiting = new();
    private readonly Timer _trim;
    private int _open;
    private bool _disposed;

    public WorkerConnectionPool(string socketPath, int limit)
    {
        _socketPath = socketPath;
        _limit = limit;
        _trim = new Timer(static pool => ((WorkerConnectionPool)pool!).Trim(), this, IdleTimeout / 4, IdleTimeout / 4);
    }

    /// <summary>Connections open now, idle or in use.</summary>
    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _open;
            }
        }
    }

    /// <summary>An idle connection, else a new one (connected here), else the next one given back.</summary>
    public async ValueTask<WorkerConnection> RentAsync(CancellationToken cancellationToken)
    {
        if (Take(out var waiter) is { } idle)
        {
            return idle;
        }

        if (waiter is not null)
        {
            // A cancelled waiter is skipped by Return and Release, so no connection is handed to a call gone.
            await using (cancellationToken.UnsafeRegister(static w => ((TaskCompletionSource<WorkerConnection?>)w!).TrySetCanceled(), waiter))
            {
                if (await waiter.Task is { } handed)
                {
                    return handed;
                }
            }
        }

        try
        {
            return await WorkerConnection.ConnectAsync(_socketPath, cancellationToken);
        }
        catch
        {
            Release(null);
            throw;
        }
    }

    /// <summary>Puts a connection back after a call; one that cannot serve another call is closed instead.</summary>
    public void Return(WorkerConnection connection, bool reusable)
    {
        if (!reusable)
        {
            Release(connection);
            return;
        }

        connection.Shrink();
        lock (_gate)
        {
            while (!_disposed && _waiting.TryDequeue(out var waiter))
            {
                if (waiter.TrySetResult(connection))
                {
                    return;
                }
            }

            if (!_disposed)
            {
                connection.IdleSince = Environment.TickCount64;
                _idle.Add(connection);
                return;
            }
        }

        Release(connection);
    }

    /// <summary>Closes <paramref name="connection"/> (null: one that never connected); its place goes to a waiting call.</summary>
    public void Release(WorkerConnection? connection)
    {
        connection?.Dispose();
        lock (_gate)
        {
            while (!_disposed && _waiting.TryDequeue(out var waiter))
            {
                if (waiter.TrySetResult(null))
                {
                    return; // the waiter connects in this place
                }
            }

            _open--;
        }
    }

    public void Dispose()
    {
        WorkerConnection[] idle;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            _open -= idle.Length;
            while (_waiting.TryDequeue(out var waiter))
            {
                waiter.TrySetException(new ObjectDisposedException(nameof(WorkerConnectionPool)));
            }
        }

        _trim.Dispose();
        foreach (var connection in idle)
        {
            connection.Dispose();
        }
    }

    /// <summary>An idle connection; or null with no waiter (a place to connect in is taken) or with one (all are in use).</summary>
    private WorkerConnection? Take(out TaskCompletionSource<WorkerConnection?>? waiter)
    {
        waiter = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.Count > 0)
            {
                var last = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
                return last;
            }

            if (_open < _limit)
            {
                _open++;
                return null;
            }

            waiter = new TaskCompletionSource<WorkerConnection?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
            return null;
        }
    }

    private void Trim()
    {
        var cutoff = Environment.TickCount64 - (long)IdleTimeout.TotalMilliseconds;
        List<WorkerConnection>? stale = null;
        lock (_gate)
        {
            var count = 0;
            while (count < _idle.Count && _idle[count].IdleSince < cutoff)
            {
                count++;
            }

            if (count > 0)
            {
                stale = _idle.GetRange(0, count);
                _idle.RemoveRange(0, count);
                _open -= count;
            }
        }

        stale?.ForEach(c => c.Dispose());
    }
}
