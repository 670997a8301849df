namespace Par.Api.Config;

/// <summary>Turns a validated snapshot into typed options. Every declared variable is read here, by name.</summary>
internal static class OptionsBinder
{
    private const long Mebibyte = 1024 * 1024;

    public static ParOptions Bind(EnvSnapshot env)
    {
        var agentAppId = env.Raw(EnvNames.AgentAppId)!;
        return new ParOptions
        {
            AgentAppId = agentAppId,
            DeploymentId = Text(env, EnvNames.DeploymentId),
            Listeners = new ListenerOptions
            {
                RestPort = (int)Integer(env, EnvNames.RestPort),
                A2aPort = (int)Integer(env, EnvNames.A2aPort),
                UiPort = (int)Integer(env, EnvNames.UiPort),
                Multiplexed = Bool(env, EnvNames.Multiplexed),
                BasePath = BasePath.Normalize(env.Effective(EnvNames.BasePath), agentAppId, out _)!,
                TrustedProxies = IpNetworks.Parse(env.Effective(EnvNames.ForwardedTrustedProxies), out _)!,
                PublicUrl = Text(env, EnvNames.PublicUrl)?.TrimEnd('/'),
                MaxRequestBodyBytes = Integer(env, EnvNames.MaxRequestBodyMb) * Mebibyte,
                MaxGrpcMessageBytes = (int)(Integer(env, EnvNames.GrpcMaxMessageMb) * Mebibyte),
            },
            Package = BindPackage(env),
            Python = new PythonOptions
            {
                Interpreter = Text(env, EnvNames.Python)!,
                SystemSitePackages = Bool(env, EnvNames.VenvSystemSitePackages),
                WheelhouseDir = Text(env, EnvNames.WheelhouseDir),
                WheelhouseOffline = Bool(env, EnvNames.WheelhouseOffline),
                InstallTimeout = Seconds(env, EnvNames.InstallTimeoutSec),
                MinFreeMemoryMb = Integer(env, EnvNames.MinFreeMemoryMb),
            },
            Lifecycle = new LifecycleOptions
            {
                WorkDir = Path.GetFullPath(Text(env, EnvNames.ParWorkDir)!),
                CacheDir = Text(env, EnvNames.ParCacheDir) is { } cache ? Path.GetFullPath(cache) : null,
                BootBudget = TimeSpan.FromMilliseconds(Integer(env, EnvNames.BootBudgetMs)),
                BootHardLimitMultiplier = Number(env, EnvNames.BootHardLimitMultiplier),
                StartupTimeout = Seconds(env, EnvNames.StartupTimeoutSec),
                BootFailureBackoff = Seconds(env, EnvNames.BootFailureBackoffSec),
                ShutdownDelay = Seconds(env, EnvNames.ShutdownDelaySec),
                GracefulShutdownTimeout = Seconds(env, EnvNames.GracefulShutdownTimeoutSec),
                DebugBootDelay = TimeSpan.FromMilliseconds(Integer(env, EnvNames.DebugBootDelayMs)),
                IdleMemoryTrim = Bool(env, EnvNames.IdleMemoryTrim),
            },
            Agent = new AgentOptions
            {
                WorkerProcesses = CpuLimit.WorkerProcesses(Text(env, EnvNames.WorkerProcesses)),
                ProbeInterval = Seconds(env, EnvNames.WorkerProbeIntervalSec),
                ProbeTimeout = Seconds(env, EnvNames.WorkerProbeTimeoutSec),
                RequestTimeout = Seconds(env, EnvNames.AgentRequestTimeoutSec),
                A2aTaskLimit = (int)Integer(env, EnvNames.A2aTaskLimit),
                A2aTaskTtl = Seconds(env, EnvNames.A2aTaskTtlSec),
            },
            Logging = new LoggingOptions
            {
                Level = Enum.Parse<LogLevel>(Text(env, EnvNames.LogLevel)!, ignoreCase: true),
                Format = Enum.Parse<LogFormat>(Text(env, EnvNames.LogFormat)!, ignoreCase: true),
                AccessLog = Bool(env, EnvNames.AccessLog),
            },
            Telemetry = new TelemetryOptions
            {
                Metrics = Bool(env, EnvNames.Metrics),
                OtlpEndpoint = Text(env, EnvNames.OtelExporterOtlpEndpoint) is { } otlp ? new Uri(otlp) : null,
                OtlpProtocol = Text(env, EnvNames.OtelExporterOtlpProtocol) == "grpc" ? OtlpProtocol.Grpc : OtlpProtocol.HttpProtobuf,
                OtlpHeaders = Text(env, EnvNames.OtelExporterOtlpHeaders),
                MetricExportInterval = TimeSpan.FromMilliseconds(Integer(env, EnvNames.OtelMetricExportInterval)),
                ServiceName = Text(env, EnvNames.OtelServiceName) ?? agentAppId,
                ResourceAttributes = ResourceAttributes(Text(env, EnvNames.OtelResourceAttributes)),
            },
        };
    }

    private static PackageOptions BindPackage(EnvSnapshot env)
    {
        var publicKey = Text(env, EnvNames.PackagePublicKey);
        var policy = Text(env, EnvNames.SignaturePolicy) is { } p
            ? Enum.Parse<SignaturePolicy>(p, ignoreCase: true)
            : publicKey is null ? SignaturePolicy.Off : SignaturePolicy.Enforce;
        var location = Text(env, EnvNames.PackageUrl) is { } url
            ? PackageLocation.ParseUrl(url, out _)!
            : PackageLocation.Local(Path.GetFullPath(Text(env, EnvNames.AgentPackagePath)!));
        return new PackageOptions
        {
            Location = location,
            Sha256 = Text(env, EnvNames.PackageSha256)?.ToLowerInvariant(),
            MaxPackageBytes = Integer(env, EnvNames.MaxPackageSizeMb) * Mebibyte,
            MaxExtractedBytes = Integer(env, EnvNames.MaxExtractedSizeMb) * Mebibyte,
            S3Bucket = Text(env, EnvNames.S3Bucket),
            AwsRegion = Text(env, EnvNames.AwsRegion),
            S3Endpoint = Text(env, EnvNames.AwsEndpointUrlS3) is { } endpoint ? new Uri(endpoint) : null,
            CaBundlePath = Text(env, EnvNames.PackageCaBundle),
            AllowPrivateAddresses = Bool(env, EnvNames.PackageUrlAllowPrivate),
            DownloadTimeout = Seconds(env, EnvNames.DownloadTimeoutSec),
            DownloadMaxAttempts = (int)Integer(env, EnvNames.DownloadMaxAttempts),
            PublicKey = publicKey,
            Signature = Text(env, EnvNames.PackageSignature),
            SignaturePolicy = policy,
        };
    }

    /// <summary>OTEL_RESOURCE_ATTRIBUTES as the OpenTelemetry specification writes it: k=v,k=v with percent-encoded values.</summary>
    private static KeyValuePair<string, string>[] ResourceAttributes(string? raw) =>
        raw is null ? [] : [.. raw.Split(',').Select(pair => pair.Split('=', 2))
            .Select(kv => KeyValuePair.Create(kv[0].Trim(), Uri.UnescapeDataString(kv[1].Trim())))];

    private static string? Text(EnvSnapshot env, string name) =>
        env.Effective(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static long Integer(EnvSnapshot env, string name)
    {
        EnvValues.TryInteger(env.Effective(name), out var value);
        return value;
    }

    private static double Number(EnvSnapshot env, string name)
    {
        EnvValues.TryNumber(env.Effective(name), out var value);
        return value;
    }

    private static bool Bool(EnvSnapshot env, string name)
    {
        EnvValues.TryBool(env.Effective(name), out var value);
        return value;
    }

    private static TimeSpan Seconds(EnvSnapshot env, string name) => TimeSpan.FromSeconds(Integer(env, name));
}
