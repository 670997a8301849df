using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Par.Api.Agents;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Par.Api.Surfaces.Rest;

/// <summary>
/// Everything under BASE that is not a runtime route goes to the agent's ASGI app in the worker, streaming both
/// ways through YARP. The app sees the path without BASE (BASE is its root_path).
/// </summary>
internal static class AgentForwarding
{
    public static IEndpointRouteBuilder MapAgentForwarding(this IEndpointRouteBuilder app, ParOptions options)
    {
        var basePath = options.Listeners.BasePath;
        var transformer = new StripBaseTransformer(basePath, options.Listeners.TrustedProxies);
        var requestConfig = new ForwarderRequestConfig { ActivityTimeout = options.Agent.RequestTimeout }; // AGENT_REQUEST_TIMEOUT_SEC
        var limit = options.Listeners.MaxRequestBodyBytes;
        app.Map(BasePath.Join(basePath, "/{**rest}"), (HttpContext context, IHttpForwarder forwarder, AgentInvoker agent) =>
                ForwardAsync(context, forwarder, agent, transformer, requestConfig, limit))
            .RequireListener(options.Listeners.RestPort)
            .WithOrder(int.MaxValue)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task ForwardAsync(
        HttpContext context, IHttpForwarder forwarder, AgentInvoker agent, HttpTransformer transformer,
        ForwarderRequestConfig requestConfig, long limit)
    {
        if (context.Request.RouteValues["rest"] is string rest && WorkerProtocol.IsControlRoute("/" + rest))
        {
            // The worker's control routes are never reachable from outside, however the slash is spelled (the path
            // reaches the worker as the client wrote it, and the worker decodes %2F).
            await Problem(context, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        if (!agent.AcceptsCalls)
        {
            await Problem(context, StatusCodes.Status503ServiceUnavailable, "The agent is not ready");
            return;
        }

        if (agent.Worker is not { HasAsgi: true } worker)
        {
            await Problem(context, StatusCodes.Status404NotFound, "The agent serves no REST app");
            return;
        }

        if (context.Request.ContentLength > limit)
        {
            await TooLarge(context, limit);
            await DrainAsync(context, limit);
            return;
        }

        using var span = ParTelemetry.StartForward();
        var error = await forwarder.SendAsync(context, WorkerProtocol.Address.OriginalString, worker.Invoker, requestConfig, transformer);
        if (error == ForwarderError.None || context.Response.HasStarted)
        {
            return;
        }

        if (IsBodyTooLarge(context.Features.Get<IForwarderErrorFeature>()?.Exception))
        {
            // A chunked body grew past Kestrel's limit (MAX_REQUEST_BODY_MB) while it was being forwarded.
            await TooLarge(context, limit);
        }
        else
        {
            var timedOut = error == ForwarderError.RequestTimedOut;
            await Problem(context, timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway, $"The agent's REST app did not answer ({error})");
        }
    }

    private static bool IsBodyTooLarge(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    private static Task TooLarge(HttpContext context, long limit)
    {
        // The rest of the body is not read: the connection closes after the answer.
        context.Response.Headers.Connection = "close";
        return Problem(context, StatusCodes.Status413PayloadTooLarge, $"The request body exceeds MAX_REQUEST_BODY_MB ({limit / (1024 * 1024)} MiB)");
    }

    /// <summary>
    /// A lingering close: after the 413, the body the client (or the proxy in front) is still sending is read and
    /// dropped, up to the limit again and a few seconds, so the connection ends with FIN, not RST. A proxy that is
    /// still uploading when its upstream resets answers 502 instead of passing the 413 on (nginx does).
    /// </summary>
    private static async Task DrainAsync(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DrainTime);
        var buffer = new byte[64 * 1024];
        long drained = 0;
        try
        {
            await context.Response.Body.FlushAsync(timeout.Token);
            int read;
            while (drained <= 2 * limit && (read = await context.Request.Body.ReadAsync(buffer, timeout.Token)) > 0)
            {
                drained += read;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client went away or took too long: the connection closes either way.
        }
    }

    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    private static Task Problem(HttpContext context, int status, string title) =>
        TypedResults.Problem(title: title, statusCode: status).ExecuteAsync(context);

    /// <summary>
    /// Strips BASE from the path (keeping the client's own encoding, so %2F reaches the agent as sent) and replaces
    /// the X-Forwarded-* headers by one value each, from <see cref="ForwardedRequest"/>.
    /// </summary>
    private sealed class StripBaseTransformer(string basePath, IReadOnlyList<IPNetwork> trustedProxies) : HttpTransformer
    {
        private static readonly string[] ForwardedHeaders =
            ["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "Forwarded"];

        private readonly PathString _base = basePath == "/" ? PathString.Empty : new PathString(basePath);

        public override async ValueTask TransformRequestAsync(
            HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            var request = httpContext.Request;
            proxyRequest.RequestUri = RawDestination(httpContext, destinationPrefix) ?? EncodedDestination(request, destinationPrefix);
            if (WorkerProtocol.IsControlRoute(proxyRequest.RequestUri.AbsolutePath))
            {
                // Judged on what is actually sent: System.Uri reads \ as / and collapses dot segments, so a path the
                // route guard let through can still name /_par/ once built. A response set here is not forwarded.
                await Problem(httpContext, StatusCodes.Status404NotFound, "Not Found");
                return;
            }

            foreach (var name in ForwardedHeaders)
            {
                proxyRequest.Headers.Remove(name);
            }

            var forwarded = ForwardedRequest.Of(httpContext, trustedProxies);
            proxyRequest.Headers.Host = request.Host.Value;
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", _base.Value ?? string.Empty);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", forwarded.Scheme);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", forwarded.Host);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Port", forwarded.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (forwarded.For.Length > 0)
            {
                proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", forwarded.For);
            }

            proxyRequest.Headers.Remove(RequestIds.Header);
            proxyRequest.Headers.TryAddWithoutValidation(RequestIds.Header, httpContext.TraceIdentifier);
            TraceHeaders.LeaveToCurrentSpan(proxyRequest);
        }

        /// <summary>
        /// The request target as the client wrote it, minus BASE: the decoded path cannot tell %2F from %252F. Null
        /// when it does not start with BASE literally, holds dot segments or a backslash (System.Uri would read it as a slash
        /// for http): the decoded, normalised path is used then.
        /// </summary>
        private Uri? RawDestination(HttpContext context, string destinationPrefix)
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (raw is null || !raw.StartsWith('/'))
            {
                return null;
            }

            var query = raw.IndexOf('?', StringComparison.Ordinal);
            var path = query < 0 ? raw : raw[..query];
            var prefix = _base.Value ?? string.Empty;
            if (!path.StartsWith(prefix, StringComparison.Ordinal) || path.Length > prefix.Length && path[prefix.Length] != '/')
            {
                return null;
            }

            var rest = path[prefix.Length..];
            if (rest.Contains('\\') || rest.Split('/').Any(segment => Uri.UnescapeDataString(segment) is "." or ".."))
            {
                return null;
            }

            return new Uri(destinationPrefix.TrimEnd('/') + (rest.Length == 0 ? "/" : rest) + context.Request.QueryString.Value);
        }

        private Uri EncodedDestination(HttpRequest request, string destinationPrefix)
        {
            request.Path.StartsWithSegments(_base, out var remaining);
            return RequestUtilities.MakeDestinationAddress(destinationPrefix, remaining, request.QueryString);
        }
    }
}
