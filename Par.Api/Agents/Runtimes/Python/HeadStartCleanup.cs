using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>Stops what the head start began and nobody adopted (a venv being made, a standby worker), before the worker stops.</summary>
internal sealed class HeadStartCleanup(PythonHeadStart headStart) : ICleanupStep
{
    public int Order => 0;

    public Task RunAsync(CancellationToken hurry) => headStart.DiscardAsync();
}
