using Par.Api.Agents.Manifest;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Agents.Runtimes;

/// <summary>
/// A way to run an agent (Python in a worker process today). The install phase prepares the first runtime that
/// handles the manifest, the worker phase starts it; the surfaces only ever see the <see cref="IAgentWorker"/>.
/// </summary>
internal interface IAgentRuntime
{
    /// <summary>Whether this runtime runs the agent of <paramref name="manifest"/>.</summary>
    bool Handles(AgentManifest manifest);

    /// <summary>Installs what the agent needs (the install phase); failures are boot failures of the install check.</summary>
    Task PrepareAsync(AgentManifest manifest, BootContext context, CancellationToken cancellationToken);

    /// <summary>Starts the agent once prepared (the worker phase) and watches it from then on.</summary>
    Task<IAgentWorker> StartAsync(AgentManifest manifest, BootContext context, CancellationToken cancellationToken);

    /// <summary>Stops now what the runtime began early for a package it does not run (Python's head start).</summary>
    Task ReleaseAsync();
}
