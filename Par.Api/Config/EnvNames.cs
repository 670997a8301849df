namespace Par.Api.Config;

/// <summary>The names of every environment variable PAR reads; schema/env.schema.json declares each one.</summary>
internal static class EnvNames
{
    public const string AgentAppId = "AGENT_APP_ID";
    public const string DeploymentId = "DEPLOYMENT_ID";
    public const string RestPort = "REST_PORT";
    public const string A2aPort = "A2A_PORT";
    public const string UiPort = "UI_PORT";
    public const string Multiplexed = "MULTIPLEXED";
    public const string BasePath = "BASE_PATH";
    public const string ForwardedTrustedProxies = "FORWARDED_TRUSTED_PROXIES";
    public const string MaxRequestBodyMb = "MAX_REQUEST_BODY_MB";
    public const string GrpcMaxMessageMb = "GRPC_MAX_MESSAGE_MB";
    public const string AgentPackagePath = "AGENT_PACKAGE_PATH";
    public const string PackageUrl = "PACKAGE_URL";
    public const string PackageSha256 = "PACKAGE_SHA256";
    public const string MaxPackageSizeMb = "MAX_PACKAGE_SIZE_MB";
    public const string MaxExtractedSizeMb = "MAX_EXTRACTED_SIZE_MB";
    public const string S3Bucket = "S3_BUCKET";
    public const string AwsRegion = "AWS_REGION";
    public const string AwsEndpointUrlS3 = "AWS_ENDPOINT_URL_S3";
    public const string PackageCaBundle = "PACKAGE_CA_BUNDLE";
    public const string PackageUrlAllowPrivate = "PACKAGE_URL_ALLOW_PRIVATE";
    public const string DownloadTimeoutSec = "DOWNLOAD_TIMEOUT_SEC";
    public const string DownloadMaxAttempts = "DOWNLOAD_MAX_ATTEMPTS";
    public const string PackagePublicKey = "PACKAGE_PUBLIC_KEY";
    public const string PackageSignature = "PACKAGE_SIGNATURE";
    public const string SignaturePolicy = "SIGNATURE_POLICY";
    public const string Python = "PYTHON";
    public const string VenvSystemSitePackages = "VENV_SYSTEM_SITE_PACKAGES";
    public const string WheelhouseDir = "WHEELHOUSE_DIR";
    public const string WheelhouseOffline = "WHEELHOUSE_OFFLINE";
    public const string InstallTimeoutSec = "INSTALL_TIMEOUT_SEC";
    public const string ParWorkDir = "PAR_WORK_DIR";
    public const string ParCacheDir = "PAR_CACHE_DIR";
    public const string MinFreeMemoryMb = "MIN_FREE_MEMORY_MB";
    public const string BootBudgetMs = "BOOT_BUDGET_MS";
    public const string BootHardLimitMultiplier = "BOOT_HARD_LIMIT_MULTIPLIER";
    public const string StartupTimeoutSec = "STARTUP_TIMEOUT_SEC";
    public const string BootFailureBackoffSec = "BOOT_FAILURE_BACKOFF_SEC";
    public const string ShutdownDelaySec = "SHUTDOWN_DELAY_SEC";
    public const string GracefulShutdownTimeoutSec = "GRACEFUL_SHUTDOWN_TIMEOUT_SEC";
    public const string WorkerProcesses = "WORKER_PROCESSES";
    public const string WorkerProbeIntervalSec = "WORKER_PROBE_INTERVAL_SEC";
    public const string WorkerProbeTimeoutSec = "WORKER_PROBE_TIMEOUT_SEC";
    public const string AgentRequestTimeoutSec = "AGENT_REQUEST_TIMEOUT_SEC";
    public const string LogLevel = "LOG_LEVEL";
    public const string LogFormat = "LOG_FORMAT";
    public const string AccessLog = "ACCESS_LOG";
    public const string DebugBootDelayMs = "DEBUG_BOOT_DELAY_MS";
}
