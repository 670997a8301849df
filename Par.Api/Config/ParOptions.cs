namespace Par.Api.Config;

internal enum SignaturePolicy { Off, Warn, Enforce }

internal enum LogFormat { Json, Text }

/// <summary>The runtime's configuration, parsed once from the environment and never re-read.</summary>
internal sealed record ParOptions
{
    public required string AgentAppId { get; init; }
    public string? DeploymentId { get; init; }
    public required ListenerOptions Listeners { get; init; }
    public required PackageOptions Package { get; init; }
    public required PythonOptions Python { get; init; }
    public required LifecycleOptions Lifecycle { get; init; }
    public required AgentOptions Agent { get; init; }
    public required LoggingOptions Logging { get; init; }
    public required TelemetryOptions Telemetry { get; init; }
}

internal sealed record ListenerOptions
{
    public required int RestPort { get; init; }
    public required int A2aPort { get; init; }
    public required int UiPort { get; init; }
    public required bool Multiplexed { get; init; }

    /// <summary>Normalised: "/" or "/a/b" (no trailing slash).</summary>
    public required string BasePath { get; init; }

    /// <summary>The proxies whose X-Forwarded-* headers are believed.</summary>
    public required IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; }

    /// <summary>PUBLIC_URL without a trailing slash: where clients reach BASE; null when unset.</summary>
    public string? PublicUrl { get; init; }

    public required long MaxRequestBodyBytes { get; init; }

    public required int MaxGrpcMessageBytes { get; init; }
}

internal sealed record PackageOptions
{
    public required PackageLocation Location { get; init; }
    public string? Sha256 { get; init; }
    public required long MaxPackageBytes { get; init; }
    public required long MaxExtractedBytes { get; init; }
    public string? S3Bucket { get; init; }
    public string? AwsRegion { get; init; }
    public Uri? S3Endpoint { get; init; }
    public string? CaBundlePath { get; init; }
    public required bool AllowPrivateAddresses { get; init; }
    public required TimeSpan DownloadTimeout { get; init; }
    public required int DownloadMaxAttempts { get; init; }
    public string? PublicKey { get; init; }
    public string? Signature { get; init; }
    public required SignaturePolicy SignaturePolicy { get; init; }
}

internal sealed record PythonOptions
{
    public required string Interpreter { get; init; }
    public required bool SystemSitePackages { get; init; }
    public string? WheelhouseDir { get; init; }
    public required bool WheelhouseOffline { get; init; }
    public required TimeSpan InstallTimeout { get; init; }
    public required long MinFreeMemoryMb { get; init; }
}

internal sealed record LifecycleOptions
{
    public required string WorkDir { get; init; }
    public string? CacheDir { get; init; }
    public required TimeSpan BootBudget { get; init; }
    public required double BootHardLimitMultiplier { get; init; }
    public required TimeSpan StartupTimeout { get; init; }
    public required TimeSpan BootFailureBackoff { get; init; }
    public required TimeSpan ShutdownDelay { get; init; }
    public required TimeSpan GracefulShutdownTimeout { get; init; }
    public required TimeSpan DebugBootDelay { get; init; }

    /// <summary>IDLE_MEMORY_TRIM: the heap's free memory goes back to the system once PAR is quiet after a burst (Lifecycle/Memory).</summary>
    public bool IdleMemoryTrim { get; init; } = true;
}

/// <summary>How PAR watches the agent worker and bounds the calls it forwards to it.</summary>
internal sealed record AgentOptions
{
    /// <summary>WORKER_PROCESSES, with auto already resolved to the CPUs the cgroup allows.</summary>
    public int WorkerProcesses { get; init; } = 1;

    public required TimeSpan ProbeInterval { get; init; }
    public required TimeSpan ProbeTimeout { get; init; }
    public required TimeSpan RequestTimeout { get; init; }

    /// <summary>A2A_TASK_LIMIT: tasks the A2A task store keeps.</summary>
    public required int A2aTaskLimit { get; init; }

    /// <summary>A2A_TASK_TTL_SEC: how long a finished A2A task is kept.</summary>
    public required TimeSpan A2aTaskTtl { get; init; }
}

internal sealed record LoggingOptions
{
    public required LogLevel Level { get; init; }
    public required LogFormat Format { get; init; }

    /// <summary>ACCESS_LOG: one line per request.</summary>
    public required bool AccessLog { get; init; }
}

internal enum OtlpProtocol { HttpProtobuf, Grpc }

/// <summary>Meters, the /metrics route and OTLP export (docs/telemetry.md).</summary>
internal sealed record TelemetryOptions
{
    /// <summary>METRICS: meters collected and served at GET /metrics.</summary>
    public required bool Metrics { get; init; }

    /// <summary>OTEL_EXPORTER_OTLP_ENDPOINT; null: no OTLP export and no spans.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public required OtlpProtocol OtlpProtocol { get; init; }

    /// <summary>OTEL_EXPORTER_OTLP_HEADERS as written (the exporter parses it); secret.</summary>
    public string? OtlpHeaders { get; init; }

    public required TimeSpan MetricExportInterval { get; init; }

    /// <summary>OTEL_SERVICE_NAME, else AGENT_APP_ID.</summary>
    public required string ServiceName { get; init; }

    /// <summary>OTEL_RESOURCE_ATTRIBUTES, parsed (values percent-decoded).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> ResourceAttributes { get; init; }
}
