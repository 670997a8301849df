using System.Net;
using Par.Api.Config;
using Par.Api.Lifecycle;
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
        var transformer = new StripBaseTransformer(basePath);
        var requestConfig = new ForwarderRequestConfig { ActivityTimeout = options.Agent.RequestTimeout }; // AGENT_REQUEST_TIMEOUT_SEC
        app.Map(BasePath.Join(basePath, "/{**rest}"), (HttpContext context, IHttpForwarder forwarder, BootContext boot, BootState state) =>
                ForwardAsync(context, forwarder, boot, state, transformer, requestConfig))
            .RequireHost($"*:{options.Listeners.RestPort}")
            .WithOrder(int.MaxValue)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task ForwardAsync(HttpContext context, IHttpForwarder forwarder, BootContext boot, BootState state, HttpTransformer transformer, ForwarderRequestConfig requestConfig)
    {
        if (context.Request.RouteValues["rest"] is string rest && rest.StartsWith("_par/", StringComparison.Ordinal))
        {
            // The worker's control routes are never reachable from outside.
            await Problem(context, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        if (state.Current.Status is BootStatus.Booting or BootStatus.Failed)
        {
            await Problem(context, StatusCodes.Status503ServiceUnavailable, "The agent is not ready");
            return;
        }

        if (boot.Worker is not { HasAsgi: true } worker)
        {
            await Problem(context, StatusCodes.Status404NotFound, "The agent serves no REST app");
            return;
        }

        var error = await forwarder.SendAsync(context, WorkerAddress, worker.Invoker, requestConfig, transformer);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            var timedOut = error == ForwarderError.RequestTimedOut;
            await Problem(context, timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway, $"The agent's REST app did not answer ({error})");
        }
    }

    private const string WorkerAddress = "http://agent-worker/";

    private static Task Problem(HttpContext context, int status, string title) =>
        TypedResults.Problem(title: title, statusCode: status).ExecuteAsync(context);

    private sealed class StripBaseTransformer(string basePath) : HttpTransformer
    {
        private readonly PathString _base = basePath == "/" ? PathString.Empty : new PathString(basePath);

        public override async ValueTask TransformRequestAsync(
            HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            var request = httpContext.Request;
            request.Path.StartsWithSegments(_base, out var remaining);
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, remaining, request.QueryString);
            proxyRequest.Headers.Host = request.Host.Value;
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", _base.Value ?? string.Empty);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
            if (httpContext.Connection.RemoteIpAddress is IPAddress remote)
            {
                proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", remote.ToString());
            }
        }
    }
}
