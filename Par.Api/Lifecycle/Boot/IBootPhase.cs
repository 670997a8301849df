namespace Par.Api.Lifecycle.Boot;

/// <summary>A step of the boot pipeline. Phases run one after another, lowest <see cref="Order"/> first.</summary>
internal interface IBootPhase
{
    /// <summary>The phase's name in /health, the boot logs and the timings.</summary>
    string Name { get; }

    /// <summary>Its place in the pipeline; features leave gaps so that a new phase fits between two.</summary>
    int Order { get; }

    /// <summary>The readiness check a timeout or an unexpected error in this phase fails.</summary>
    BootCheck Check { get; }

    Task RunAsync(BootContext context, CancellationToken cancellationToken);
}
