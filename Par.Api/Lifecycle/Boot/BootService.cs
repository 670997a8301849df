using Par.Api.Config;
using Par.Api.Lifecycle.Exit;
using Par.Api.Telemetry;

namespace Par.Api.Lifecycle.Boot;

/// <summary>
/// Runs the boot phases in the background, so the listeners answer 503 from the first moment, and turns a
/// failure into the right exit code after BOOT_FAILURE_BACKOFF_SEC.
/// </summary>
internal sealed class BootService(
    IEnumerable<IBootPhase> phases,
    IEnumerable<ListenerOwner> listeners,
    BootState state,
    BootContext context,
    ParOptions options,
    FailureExit failureExit,
    EffectiveConfiguration configuration,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BootService> logger) : BackgroundService
{
    private readonly IBootPhase[] _phases = [.. phases.OrderBy(p => p.Order)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Listeners first: no boot work (and no failure that stops the host) before the server has started.
        await WhenStartedAsync(stoppingToken);
        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        state.SetCheck(BootCheck.Config, CheckState.Ok);
        ReportConfiguration();
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(StartupLimit(), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        var phase = "config";
        using var bootSpan = ParTelemetry.StartBoot(options.AgentAppId);
        var check = BootCheck.Config;
        try
        {
            foreach (var step in _phases)
            {
                (phase, check) = (step.Name, step.Check);
                await RunPhaseAsync(step, linked.Token);
            }

            // The hold counts against the last phase's check.
            phase = "ready";
            await HoldForDebugAsync(linked.Token);
            var bootTime = time.GetElapsedTime(started);
            state.MarkReady(bootTime);
            ReportBoot(bootTime);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            var limit = StartupLimit();
            var rule = limit < options.Lifecycle.StartupTimeout ? "BOOT_BUDGET_MS x BOOT_HARD_LIMIT_MULTIPLIER" : "STARTUP_TIMEOUT_SEC";
            var reason = $"boot did not finish within {limit.TotalSeconds:0.###} s ({rule})";
            await failureExit.FailAsync(phase, new BootFailureException(ExitCodes.StartupTimeout, check, reason));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown began during boot; the drain takes over.
        }
        catch (BootFailureException failure)
        {
            await failureExit.FailAsync(phase, failure);
        }
        catch (Exception unexpected) when (ListenerFailure.From(unexpected, listeners) is { } listener)
        {
            // A listener opened during boot (a feature's own host) whose port is taken.
            await failureExit.FailAsync(phase, listener);
        }
        catch (Exception unexpected)
        {
            var failure = new BootFailureException(ExitCodes.AgentFailed, check, $"unexpected error: {unexpected.Message}", unexpected);
            await failureExit.FailAsync(phase, failure);
        }
    }

    private async Task RunPhaseAsync(IBootPhase step, CancellationToken cancellationToken)
    {
        state.EnterPhase(step.Name);
        using var span = ParTelemetry.StartBootPhase(step.Name);
        BootLog.PhaseStarted(logger, step.Name);
        var started = time.GetTimestamp();
        await step.RunAsync(context, cancellationToken);
        var duration = time.GetElapsedTime(started);
        state.RecordPhase(step.Name, duration);
        ParMetrics.BootPhaseCompleted(step.Name, duration);
        var memory = ContainerMemory.Read();
        BootLog.PhaseCompleted(logger, step.Name, Math.Round(duration.TotalMilliseconds, 2), memory.ProcessBytes, memory.LimitBytes, memory.UsageBytes);
    }

    private async Task HoldForDebugAsync(CancellationToken cancellationToken)
    {
        var delay = options.Lifecycle.DebugBootDelay;
        if (delay > TimeSpan.Zero)
        {
            // Its warning (boot.debug_delay) came with the configuration's.
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private void ReportBoot(TimeSpan bootTime)
    {
        var phases = state.Current.Timings.ToDictionary(t => t.Phase, t => t.DurationMs);
        BootLog.Ready(logger, Math.Round(bootTime.TotalMilliseconds, 2), phases);
        if (bootTime > options.Lifecycle.BootBudget)
        {
            BootLog.BudgetExceeded(logger, Math.Round(bootTime.TotalMilliseconds, 2), options.Lifecycle.BootBudget.TotalMilliseconds, phases);
        }
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetResult());
        return started.Task;
    }

    private void ReportConfiguration()
    {
        BootLog.ConfigLoaded(logger, configuration.Values);
        foreach (var warning in ConfigWarnings.For(options))
        {
            // One source with check-config: the same events, the same text.
            switch (warning.Event)
            {
                case "config.stop_timeout_risk":
                    BootLog.StopTimeoutRisk(logger, warning.Message);
                    break;
                case "boot.debug_delay":
                    BootLog.DebugDelay(logger, warning.Message);
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException($"config warning {warning.Event} has no log event");
            }
        }
    }

    /// <summary>The earlier of STARTUP_TIMEOUT_SEC and budget × BOOT_HARD_LIMIT_MULTIPLIER (when set).</summary>
    private TimeSpan StartupLimit()
    {
        var lifecycle = options.Lifecycle;
        var limit = lifecycle.StartupTimeout;
        return lifecycle.BootHardLimitMultiplier > 0 && lifecycle.BootBudget * lifecycle.BootHardLimitMultiplier < limit
            ? lifecycle.BootBudget * lifecycle.BootHardLimitMultiplier
            : limit;
    }
}
