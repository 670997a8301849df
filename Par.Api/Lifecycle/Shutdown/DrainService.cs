using Par.Api.Config;
using Par.Api.Logging;

namespace Par.Api.Lifecycle.Shutdown;

/// <summary>
/// The first step of shutdown, before the listeners stop: readiness is already 503 (BootState is draining),
/// and the runtime keeps serving for SHUTDOWN_DELAY_SEC so load balancers deregister it first.
/// </summary>
internal sealed partial class DrainService(ParOptions options, TimeProvider time, ILogger<DrainService> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = options.Lifecycle.ShutdownDelay;
        DrainStarted(logger, delay.TotalSeconds, options.Lifecycle.GracefulShutdownTimeout.TotalSeconds);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A second signal: stop accepting now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = LogEvents.Lifecycle.RuntimeDraining, EventName = "runtime.draining", Level = LogLevel.Information,
        Message = "Draining: readiness is 503; serving {ShutdownDelaySec} s more, then in-flight calls get {GracefulTimeoutSec} s")]
    private static partial void DrainStarted(ILogger logger, double shutdownDelaySec, double gracefulTimeoutSec);
}
