using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>The Python worker process PAR owns: started in the agent's venv, reached over its Unix socket.</summary>
internal sealed class AgentWorkerProcess : IAgentWorker
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private const int Sigterm = 15;
    private const int MaxUnlogged = 100;

    private readonly Process _process;
    private readonly List<(string Stream, string Line, string? Traceback)> _unlogged = [];
    private readonly TracebackGrouper _stderr;
    private ILogger? _logger;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _recentErrors = new();
    private readonly WorkerInvokeClient _invoke;
    private TaskCompletionSource _wrote = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AgentWorkerProcess(Process process, string socketPath, ILogger? logger)
    {
        _process = process;
        _logger = logger;
        var handler = WorkerProtocol.CreateHandler(socketPath);
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        ProbeInvoker = new HttpMessageInvoker(WorkerProtocol.CreateProbeHandler(socketPath), disposeHandler: true);
        _invoke = new WorkerInvokeClient(socketPath);
        _stderr = new TracebackGrouper(line => Log("stderr", line, null), (error, traceback) => Log("stderr", error, traceback));
        process.OutputDataReceived += (_, e) => Forward("stdout", e.Data);
        process.ErrorDataReceived += (_, e) => Forward("stderr", e.Data);
        process.Exited += (_, _) => _exited.TrySetResult(process.ExitCode);
    }

    public IReadOnlyList<string> Actions { get; private set; } = [];

    public bool HasAsgi { get; private set; }

    public IReadOnlyDictionary<string, string> Docs { get; private set; } = new Dictionary<string, string>();

    public HttpMessageInvoker Invoker { get; }

    public HttpMessageInvoker ProbeInvoker { get; }

    public Task<int> Exited => _exited.Task;

    /// <summary>
    /// Completes when the worker next writes a line (stdout or stderr) or one of its streams ends. A worker that has
    /// loaded writes its status file and then says so on stdout, so the wait for that file wakes on the line.
    /// </summary>
    public Task NextOutput => Volatile.Read(ref _wrote).Task;

    /// <summary>The worker's pid, kept from its start: it is still read (logged) after the worker is disposed.</summary>
    public int Pid { get; private set; }

    public IReadOnlyList<int> Pids => Exited.IsCompleted ? [] : [Pid];

    /// <summary>The interpreter the worker runs in (the venv's python).</summary>
    public string Interpreter => _process.StartInfo.FileName;

    /// <summary>The last lines the worker wrote to stderr, for failure reasons.</summary>
    public string RecentErrors
    {
        get
        {
            lock (_recentErrors)
            {
                return string.Join('\n', _recentErrors);
            }
        }
    }

    public static AgentWorkerProcess Start(ProcessStartInfo info, string socketPath, ILogger logger) =>
        Start(info, socketPath, logger, standby: false);

    /// <summary>
    /// Starts a worker ahead of its spec (`--spec -`): it imports its modules, then waits for the spec's path on stdin.
    /// Until <see cref="TryAdopt"/> there is no logger yet; its output is kept for that moment.
    /// </summary>
    public static AgentWorkerProcess StartStandby(ProcessStartInfo info, string socketPath) =>
        Start(info, socketPath, logger: null, standby: true);

    private static AgentWorkerProcess Start(ProcessStartInfo info, string socketPath, ILogger? logger, bool standby)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new AgentWorkerProcess(process, socketPath, logger);
        process.Start();
        worker.Pid = process.Id;
        if (!standby)
        {
            process.StandardInput.Close();
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// Hands a standby worker its spec and its logger; the output it wrote while waiting is logged now. False when
    /// the worker is gone (its stdin is closed).
    /// </summary>
    public bool TryAdopt(ILogger logger, string specFile)
    {
        lock (_unlogged)
        {
            _logger = logger;
            foreach (var (stream, line, traceback) in _unlogged)
            {
                Write(logger, stream, line, traceback);
            }

            _unlogged.Clear();
        }

        try
        {
            _process.StandardInput.WriteLine(specFile);
            _process.StandardInput.Close();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Loaded(WorkerStatus status)
    {
        Actions = status.Actions ?? [];
        HasAsgi = status.Asgi;
        Docs = status.Docs ?? new Dictionary<string, string>();
    }

    /// <summary>The connections Invoke holds open to the worker now (idle or in a call).</summary>
    public int InvokeConnections => _invoke.OpenConnections;

    public async Task<ActionOutcome> InvokeAsync(string action, string parametersJson, CancellationToken cancellationToken, string? requestId = null)
    {
        try
        {
            return await _invoke.InvokeAsync(action, parametersJson, requestId, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or JsonException or InvalidOperationException or KeyNotFoundException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The caller gets an answer (success=false) instead of a gRPC Unknown from an exception escaping Invoke. A
            // worker disposed once its replacement is in (a call that picked it just before) throws ObjectDisposedException,
            // an InvalidOperationException.
            return new ActionOutcome(false, null, $"the agent worker could not be called: {e.Message}", null);
        }
    }

    public async Task StopAsync(TimeSpan grace, CancellationToken hurry)
    {
        var started = Stopwatch.GetTimestamp();
        if (_process.HasExited)
        {
            return;
        }

        _ = Kill(_process.Id, Sigterm);
        var killed = false;
        try
        {
            await Exited.WaitAsync(grace, hurry);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            killed = true;
            _process.Kill(entireProcessTree: true);
            await Exited;
        }

        if (_logger is not null)
        {
            WorkerLog.Stopped(_logger, _process.ExitCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, killed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(StopGrace, CancellationToken.None);
        _stderr.Dispose();
        _invoke.Dispose();
        Invoker.Dispose();
        ProbeInvoker.Dispose();
        _process.Dispose();
    }

    private void Forward(string stream, string? line)
    {
        try
        {
            ForwardLine(stream, line);
        }
        finally
        {
            Interlocked.Exchange(ref _wrote, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private void ForwardLine(string stream, string? line)
    {
        if (line is null)
        {
            if (stream == "stderr")
            {
                _stderr.Flush(); // the end of the stream ends a traceback still open
            }

            return;
        }

        if (stream == "stdout")
        {
            Log(stream, line, null);
            return;
        }

        _stderr.Feed(line);
        lock (_recentErrors)
        {
            _recentErrors.Enqueue(line);
            while (_recentErrors.Count > 20)
            {
                _recentErrors.Dequeue();
            }
        }
    }

    /// <summary>One line, or one whole traceback, to the log; kept for later while a standby worker has no logger yet.</summary>
    private void Log(string stream, string line, string? traceback)
    {
        lock (_unlogged)
        {
            if (_logger is null)
            {
                if (_unlogged.Count < MaxUnlogged)
                {
                    _unlogged.Add((stream, line, traceback));
                }
            }
            else
            {
                Write(_logger, stream, line, traceback);
            }
        }
    }

    private static void Write(ILogger logger, string stream, string line, string? traceback)
    {
        if (traceback is null)
        {
            WorkerLog.Output(logger, stream, line);
        }
        else
        {
            WorkerLog.Traceback(logger, stream, line, traceback);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
