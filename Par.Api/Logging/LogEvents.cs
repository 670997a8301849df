namespace Par.Api.Logging;

/// <summary>
/// Every log event's id, in one place so that no two share one (LogEventIdTests checks it, and that names are
/// unique). The names are in the [LoggerMessage] attributes beside their messages and in docs/log-events.md.
/// Ranges: 1xx lifecycle, 2xx-3xx packages, 4xx-5xx and 16xx-17xx agents, 6xx, 13xx-14xx and 18xx surfaces and listeners (1800-1849 A2A, 1850-1899 MCP), 19xx telemetry.
/// </summary>
internal static class LogEvents
{
    public static class Lifecycle
    {
        public const int BootPhaseStarted = 100;
        public const int BootPhaseCompleted = 101;
        public const int RuntimeReady = 102;
        public const int BootBudgetExceeded = 103;
        public const int BootFailed = 104;
        public const int BootDebugDelay = 105;
        public const int RuntimeExiting = 106;
        public const int ConfigLoaded = 107;
        public const int ConfigStopTimeoutRisk = 108;
        public const int RuntimeCleanupFailed = 110;
        public const int RuntimeSignal = 120;
        public const int RuntimeDraining = 121;
        public const int RuntimeMemoryTrimmed = 130;
        public const int RuntimeListenerUnavailable = 1700;
        public const int RuntimeUnexpectedError = 1701;
    }

    public static class Logging
    {
        public const int RuntimeListening = 1400;
    }

    public static class Packages
    {
        public const int PackageDownloadStarted = 200;
        public const int PackageDownloadProgress = 201;
        public const int PackageDownloadRetrying = 202;
        public const int PackageDownloadCompleted = 203;
        public const int PackageDownloadFailed = 204;
        public const int PackageDownloadRedirected = 205;
        public const int PackageLocalFile = 206;
        public const int PackageLocalDirectory = 207;
        public const int PackageChecksumMismatch = 208;
        public const int PackageExtracted = 320;
        public const int PackageSignatureVerified = 330;
        public const int PackageSignatureMissing = 331;
        public const int PackageSignatureInvalid = 332;
    }

    public static class Agents
    {
        public const int AgentVenvCreated = 400;
        public const int AgentVenvReused = 401;
        public const int AgentVenvDiscarded = 402;
        public const int AgentInstallStarted = 403;
        public const int AgentInstallOutput = 404;
        public const int AgentInstallCompleted = 405;
        public const int AgentInstallSkipped = 406;
        public const int WheelhouseUnavailable = 407;
        public const int ManifestLoaded = 410;
        public const int AgentOutput = 500;
        public const int AgentWorkerStarted = 501;
        public const int AgentLoadFailed = 502;
        public const int AgentWorkerExited = 503;
        public const int AgentWorkerStopped = 504;
        public const int AgentWorkerHeadStart = 505;
        public const int AgentWorkerRestarting = 506;
        public const int AgentInstallProjectWithoutDependencies = 1600;
        public const int AgentLoadWarning = 1601;
        public const int AgentWorkerUnresponsive = 1702;
        public const int AgentWorkerResponsive = 1703;
        public const int AgentTraceback = 1704;
        public const int AgentInstallProgress = 1710;
        public const int AgentInstallStepCompleted = 1711;
        public const int AgentVenvProgress = 1712;
    }

    public static class Surfaces
    {
        public const int AgentOpenapiUnavailable = 600;
        public const int HttpRequestCompleted = 1300;
        public const int HttpProbeCompleted = 1301;
        public const int A2aTaskStarted = 1800;
        public const int A2aTaskFinished = 1801;
        public const int A2aTaskCanceled = 1802;
        public const int A2aTaskRejected = 1803;
        public const int A2aTaskEvicted = 1804;
        public const int A2aStoreFull = 1805;
        public const int A2aRequestRefused = 1806;
        public const int McpToolCalled = 1850;
        public const int McpToolCompleted = 1851;
        public const int McpToolSchemaRejected = 1852;
    }

    public static class Telemetry
    {
        public const int TelemetryConfigured = 1900;
        public const int TelemetryOff = 1901;
    }
}
