using Par.Api.Config;
using Par.Api.Telemetry;
using static Par.Api.Tests.Config.ConfigTestEnv;

namespace Par.Api.Tests.Telemetry;

/// <summary>The telemetry variables through the real configuration code: defaults, parsing and the errors that name them.</summary>
public sealed class TelemetryConfigTests
{
    [Fact]
    public void Defaults_MetricsOn_NoOtlp_ServiceNameIsTheAppId()
    {
        var telemetry = Load().Options!.Telemetry;

        Assert.True(telemetry.Metrics);
        Assert.Null(telemetry.OtlpEndpoint);
        Assert.Equal(OtlpProtocol.HttpProtobuf, telemetry.OtlpProtocol);
        Assert.Equal("agent-1", telemetry.ServiceName);
        Assert.Equal(TimeSpan.FromSeconds(60), telemetry.MetricExportInterval);
        Assert.Empty(telemetry.ResourceAttributes);
    }

    [Fact]
    public void ResourceAttributes_PairsParsedAndPercentDecoded()
    {
        var telemetry = Load((EnvNames.OtelResourceAttributes, "deployment.environment=prod, team=a%2Cb"),
            (EnvNames.OtelExporterOtlpProtocol, "grpc"), (EnvNames.OtelServiceName, "bot")).Options!.Telemetry;

        Assert.Equal([KeyValuePair.Create("deployment.environment", "prod"), KeyValuePair.Create("team", "a,b")], telemetry.ResourceAttributes);
        Assert.Equal(OtlpProtocol.Grpc, telemetry.OtlpProtocol);
        Assert.Equal("bot", telemetry.ServiceName);
    }

    [Theory]
    [InlineData(EnvNames.OtelExporterOtlpEndpoint, "ftp://collector:4318", "http:// or https://")]
    [InlineData(EnvNames.OtelExporterOtlpEndpoint, "collector:4318", "http:// or https://")]
    [InlineData(EnvNames.OtelExporterOtlpProtocol, "http/json", "http/protobuf")]
    [InlineData(EnvNames.OtelResourceAttributes, "team", "key=value")]
    [InlineData(EnvNames.OtelExporterOtlpHeaders, "x-api-key", "key=value")]
    [InlineData(EnvNames.OtelMetricExportInterval, "10", "100")]
    [InlineData(EnvNames.Metrics, "maybe", "")]
    public void BadValue_ErrorNamesTheVariable(string variable, string value, string rule)
    {
        var result = Load((variable, value));

        Assert.False(result.IsValid);
        Assert.Contains(rule, Assert.Single(ErrorsFor(result, variable)).Rule);
    }

    [Theory]
    [InlineData(4318, "rest")]
    [InlineData(4317, "grpc")]
    [InlineData(3000, "ui")]
    public void Surface_FromTheListenerPort(int port, string surface)
    {
        var listeners = Load((EnvNames.RestPort, "4318"), (EnvNames.A2aPort, "4317"), (EnvNames.UiPort, "3000"), (EnvNames.Multiplexed, "false")).Options!.Listeners;

        Assert.Equal(surface, TelemetryExtensions.Surface(port, listeners));
    }

    [Fact]
    public void InvokeLabel_OnlyTheWorkersActionNames()
    {
        Assert.Equal("echo", InvokeTelemetry.Label("echo", ["status", "echo"]));
        Assert.Equal("other", InvokeTelemetry.Label("Echo", ["status", "echo"]));
        Assert.Equal("other", InvokeTelemetry.Label("../../etc", []));
    }
}
