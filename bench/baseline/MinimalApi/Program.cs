using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// A bare minimal app on one HTTP/1.1 port, configured as PAR's REST listener is (slim builder, no Server header,
// no logging): GET /health for the boot floor, GET /hello answering the bytes the sample agent's /hello answers.
// Source-generated JSON, so that the same code is the native floor when published with -p:PublishAot=true.
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, MinimalJson.Default));
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.ListenAnyIP(port, l => l.Protocols = HttpProtocols.Http1);
});
var app = builder.Build();
var hello = """{"message": "hello", "root_path": ""}"""u8.ToArray();
app.MapGet("/health", () => TypedResults.Ok(new Health("healthy")));
app.MapGet("/hello", () => TypedResults.Bytes(hello, "application/json"));
app.Run();

internal sealed record Health(string Status);

[JsonSerializable(typeof(Health))]
internal sealed partial class MinimalJson : JsonSerializerContext;
