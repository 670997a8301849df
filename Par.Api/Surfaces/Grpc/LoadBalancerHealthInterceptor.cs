using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;

namespace Par.Api.Surfaces.Grpc;

/// <summary>
/// An AWS ALB judges a gRPC health check by its grpc-status alone, and the standard Check answers NOT_SERVING
/// with status OK, which the ALB would count as healthy. For the ALB's checker only, NOT_SERVING becomes
/// UNAVAILABLE; every other client still gets the standard response.
/// </summary>
internal sealed class LoadBalancerHealthInterceptor : Interceptor
{
    private const string CheckMethod = "/grpc.health.v1.Health/Check";
    private const string AlbUserAgent = "ELB-HealthChecker";

    /// <summary>Any other method passes straight through: no async step of its own on every Invoke.</summary>
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        context.Method == CheckMethod ? CheckAsync(request, context, continuation) : continuation(request, context);

    private static async Task<TResponse> CheckAsync<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var response = await continuation(request, context);
        if (response is HealthCheckResponse { Status: not HealthCheckResponse.Types.ServingStatus.Serving } health
            && IsLoadBalancer(context))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"not serving ({health.Status})"));
        }

        return response;
    }

    private static bool IsLoadBalancer(ServerCallContext context) =>
        context.RequestHeaders.GetValue("user-agent")?.StartsWith(AlbUserAgent, StringComparison.OrdinalIgnoreCase) ?? false;
}
