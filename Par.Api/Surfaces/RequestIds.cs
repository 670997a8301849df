using System.Diagnostics;
using Par.Api.Config;
using Par.Api.Telemetry;

namespace Par.Api.Surfaces;

/// <summary>
/// Every request on every listener gets an id: the caller's X-Request-ID when it is sane (1–200 visible ASCII
/// characters), else a new one. It becomes HttpContext.TraceIdentifier, is echoed on the response, reaches the agent
/// (forwarded REST calls and Invoke) and is logged with the request when it ends.
/// </summary>
internal static class RequestIds
{
    public const string Header = "X-Request-ID";
    private const int MaxLength = 200;

    public static WebApplication UseRequestIds(this WebApplication app, ParOptions options)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Par.Api.Requests");
        var basePath = options.Listeners.BasePath;
        var accessLog = options.Logging.AccessLog;
        // Load balancers probe every few seconds: their lines would drown the requests that matter.
        var probes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "/health", "/ready", "/live", BasePath.Join(basePath, "/health"), BasePath.Join(basePath, "/ready"),
        };
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var id = Accept(context.Request.Headers[Header].ToString()) ?? NewId();
            context.TraceIdentifier = id;
            context.Response.Headers[Header] = id;
            CallerTrace.Capture(context.Request.Headers);
            try
            {
                await next(context);
            }
            finally
            {
                if (accessLog)
                {
                    LogCompleted(context, logger, probes, started, id);
                }
            }
        });
        return app;
    }

    private static void LogCompleted(HttpContext context, ILogger logger, HashSet<string> probes, long started, string id)
    {
        var path = context.Request.PathBase.Add(context.Request.Path).Value ?? "/";
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
        if (probes.Contains(path) || path.Contains("/grpc.health.v1.Health/", StringComparison.Ordinal))
        {
            RequestLine.Log(logger, LogLevel.Debug, RequestLine.ProbeCompleted, context.Request.Method, path, status, ms, id);
        }
        else
        {
            RequestLine.Log(logger, LogLevel.Information, RequestLine.Completed, context.Request.Method, path, status, ms, id);
        }
    }

    /// <summary>
    /// A new id: 32 lowercase hex digits (128 random bits), the form Guid's "N" had. The bits come from the thread's
    /// seeded generator, not the system's secure one: an id correlates lines, it guards nothing, and Guid.NewGuid was a
    /// read of /dev/urandom per request (~2% of PAR's CPU per Invoke, issue 21).
    /// </summary>
    public static string NewId()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        return Convert.ToHexStringLower(bits);
    }

    /// <summary>The caller's id when it can be echoed and logged as it is; null when a new one is needed.</summary>
    public static string? Accept(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength)
        {
            return null;
        }

        foreach (var c in candidate)
        {
            if (c is < '!' or > '~')
            {
                return null;
            }
        }

        return candidate;
    }
}
