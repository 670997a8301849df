using Par.Api.Config;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Par.Api.Telemetry;

namespace Par.Api.Packages.Download;

/// <summary>The backoff of the retry policy; the default in production, shorter in tests so they never wait seconds.</summary>
internal sealed record RetryTiming(TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetryTiming Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}

/// <summary>
/// DOWNLOAD_TIMEOUT_SEC around all attempts, and inside it up to DOWNLOAD_MAX_ATTEMPTS attempts with exponential
/// backoff and jitter for transient failures only.
/// </summary>
internal static class DownloadPipeline
{
    public static ResiliencePipeline Create(PackageOptions options, RetryTiming timing, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }
            // A generator rather than Timeout: the option allows a full day, Polly's property stops just short of it.
            .AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => ValueTask.FromResult(options.DownloadTimeout) });
        if (options.DownloadMaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.DownloadMaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = timing.BaseDelay,
                MaxDelay = timing.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } error && FetchFailures.IsTransient(error, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    ParMetrics.DownloadRetried();
                    PackageLog.Retrying(logger, args.AttemptNumber + 1, options.DownloadMaxAttempts,
                        Math.Round(args.RetryDelay.TotalMilliseconds), FetchFailures.Describe(args.Outcome.Exception!));
                    return default;
                },
            });
        }

        return builder.Build();
    }
}
