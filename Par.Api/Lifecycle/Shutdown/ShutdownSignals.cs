using System.Runtime.InteropServices;
using Par.Api.Logging;

namespace Par.Api.Lifecycle.Shutdown;

/// <summary>
/// The host lifetime for a container: the first SIGTERM or SIGINT starts the graceful drain, a second one
/// skips its waits. Replaces the console lifetime, whose process-exit hook would block a fast exit.
/// </summary>
internal sealed partial class ShutdownSignals(IHostApplicationLifetime lifetime, ILogger<ShutdownSignals> logger) : IHostLifetime, IDisposable
{
    private readonly CancellationTokenSource _hurry = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    /// <summary>Cancelled by the second signal: every remaining wait of the shutdown ends at once.</summary>
    public CancellationToken Hurry => _hurry.Token;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _hurry.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var count = Interlocked.Increment(ref _signals);
        SignalReceived(logger, context.Signal.ToString(), count);
        if (count == 1)
        {
            lifetime.StopApplication();
        }
        else
        {
            _hurry.Cancel();
        }
    }

    [LoggerMessage(EventId = LogEvents.Lifecycle.RuntimeSignal, EventName = "runtime.signal", Level = LogLevel.Information,
        Message = "Received {Signal} (#{Count}): the first signal drains gracefully, a second one skips the waits")]
    private static partial void SignalReceived(ILogger logger, string signal, int count);
}
