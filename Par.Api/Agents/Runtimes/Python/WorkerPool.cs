namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// WORKER_PROCESSES workers of one agent, each on its own socket, seen by the surfaces as one worker: every Invoke
/// and every forwarded REST call goes to the live worker with the fewest calls in flight. Members are replaced by
/// <see cref="WorkerSupervisor"/> when one dies; <see cref="Exited"/> completes only when the pool gives up (or, with
/// one worker, when it exits, as before pools).
/// </summary>
internal sealed class WorkerPool : IAgentWorker
{
    private readonly Slot[] _slots;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _next;
    private bool _stopping;

    public WorkerPool(IReadOnlyList<AgentWorkerProcess> workers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(workers.Count);
        _slots = workers.Select(w => new Slot(w)).ToArray();
        First = workers[0];
        Invoker = new HttpMessageInvoker(new DispatchHandler(this), disposeHandler: true);
        if (workers.Count == 1)
        {
            _ = workers[0].Exited.ContinueWith(t => _exited.TrySetResult(t.Result), TaskScheduler.Default);
        }
    }

    /// <summary>The worker that loaded first; its actions, docs and ASGI flag are the pool's (every worker loads the same spec).</summary>
    private AgentWorkerProcess First { get; }

    public int Count => _slots.Length;

    /// <summary>The current worker of each slot (a dead one until its replacement is in).</summary>
    public IReadOnlyList<AgentWorkerProcess> Members => _slots.Select(s => s.Worker).ToArray();

    /// <summary>The pids of the members alive now.</summary>
    public IReadOnlyList<int> Pids => _slots.Select(s => s.Worker).Where(w => !w.Exited.IsCompleted).Select(w => w.Pid).ToArray();

    public IReadOnlyList<string> Actions => First.Actions;

    public bool HasAsgi => First.HasAsgi;

    public IReadOnlyDictionary<string, string> Docs => First.Docs;

    /// <summary>Dispatches each request to the least busy live worker (REST forwarding).</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>The first slot's probe connection; the supervisor probes each member over its own.</summary>
    public HttpMessageInvoker ProbeInvoker => _slots[0].Worker.ProbeInvoker;

    public Task<int> Exited => _exited.Task;

    public async Task<ActionOutcome> InvokeAsync(string action, string parametersJson, CancellationToken cancellationToken, string? requestId = null)
    {
        var slot = Pick();
        Interlocked.Increment(ref slot.InFlight);
        try
        {
            return await slot.Worker.InvokeAsync(action, parametersJson, cancellationToken, requestId);
        }
        finally
        {
            Interlocked.Decrement(ref slot.InFlight);
        }
    }

    /// <summary>
    /// Puts <paramref name="worker"/> in slot <paramref name="index"/>, in place of the one that died there; false once
    /// the pool is stopping (the caller stops the worker it brought).
    /// </summary>
    public bool Replace(int index, AgentWorkerProcess worker)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return false;
            }

            Volatile.Write(ref _slots[index].Worker, worker);
            return true;
        }
    }

    /// <summary>The pool gives up: <see cref="Exited"/> completes with <paramref name="code"/>.</summary>
    public void Fail(int code) => _exited.TrySetResult(code);

    /// <summary>Every member at once: SIGTERM each, SIGKILL those still running after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken hurry)
    {
        lock (_gate)
        {
            _stopping = true;
        }

        await Task.WhenAll(_slots.Select(s => s.Worker.StopAsync(grace, hurry)));
        _exited.TrySetResult(0);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        await Task.WhenAll(_slots.Select(s => s.Worker.DisposeAsync().AsTask()));
        _exited.TrySetResult(0);
        Invoker.Dispose();
    }

    /// <summary>
    /// The live worker with the fewest calls in flight; ties go round-robin so that an idle pool still spreads calls.
    /// With none alive (all restarting), the first slot: the call fails there as it would with one dead worker.
    /// </summary>
    private Slot Pick()
    {
        if (_slots.Length == 1)
        {
            return _slots[0];
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_slots.Length);
        Slot? best = null;
        for (var i = 0; i < _slots.Length; i++)
        {
            var slot = _slots[(start + i) % _slots.Length];
            if (slot.Worker.Exited.IsCompleted)
            {
                continue;
            }

            if (best is null || Volatile.Read(ref slot.InFlight) < Volatile.Read(ref best.InFlight))
            {
                best = slot;
            }
        }

        return best ?? _slots[0];
    }

    private sealed class Slot(AgentWorkerProcess worker)
    {
        public AgentWorkerProcess Worker = worker;
        public int InFlight;
    }

    /// <summary>A forwarded request goes to the picked worker's own connection pool; in flight until its response headers arrive.</summary>
    private sealed class DispatchHandler(WorkerPool pool) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var slot = pool.Pick();
            Interlocked.Increment(ref slot.InFlight);
            try
            {
                return await slot.Worker.Invoker.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref slot.InFlight);
            }
        }
    }
}
