using Par.Api.A2a.Protocol;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// pixell.agent.AgentService on one HTTP/2 cleartext port, nothing else: Ping as PAR answers it, and an Invoke that
// echoes the "text" parameter in process (what PAR's Invoke costs without the trip to the agent's worker).
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.ListenAnyIP(port, l => l.Protocols = HttpProtocols.Http2);
});
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<BareAgentService>();
app.Run();

internal sealed class BareAgentService : AgentService.AgentServiceBase
{
    public override Task<Pong> Ping(Empty request, ServerCallContext context) =>
        Task.FromResult(new Pong { Message = "pong", Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });

    public override Task<ActionResult> Invoke(ActionRequest request, ServerCallContext context)
    {
        var result = new ActionResult
        {
            Success = true,
            Result = request.Parameters.GetValueOrDefault("text", string.Empty),
            RequestId = request.RequestId,
        };
        result.Metadata["action"] = request.Action;
        return Task.FromResult(result);
    }
}
