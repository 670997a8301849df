using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Par.Api.Config;
using Par.Api.Logging;

namespace Par.Api.Tests.Logging;

public sealed class JsonLineFormatterTests
{
    [Fact]
    public void Write_HtmlSensitiveCharacters_AppearLiterally()
    {
        var line = Write("pip: grpcio>=1.60 isn't <installed> & done", ("Requirement", "grpcio>=1.60"));

        Assert.Contains("\"message\":\"pip: grpcio>=1.60 isn't <installed> & done\"", line);
        Assert.Contains("\"requirement\":\"grpcio>=1.60\"", line);
        Assert.DoesNotContain("\\u003E", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u0027", line);
    }

    [Fact]
    public void Write_ControlCharactersAndQuotes_StillEscapedAndTheLineParses()
    {
        var line = Write("a\u0001b\nc\"d\\e", ("Field", "x\u001by\u007f"));

        Assert.DoesNotContain('\u0001', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var parsed = JsonDocument.Parse(line);
        Assert.Equal("a\u0001b\nc\"d\\e", parsed.RootElement.GetProperty("message").GetString());
        Assert.Equal("x\u001by\u007f", parsed.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public void Write_Numbers_StayNumbers()
    {
        var line = Write("n", ("Count", 3), ("Ratio", 0.5), ("Ok", true), ("Nan", double.NaN));

        using var parsed = JsonDocument.Parse(line);
        Assert.Equal(3, parsed.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(0.5, parsed.RootElement.GetProperty("ratio").GetDouble());
        Assert.True(parsed.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("NaN", parsed.RootElement.GetProperty("nan").GetString());
    }

    [Fact]
    public void Write_LinesOnOneThread_EachWhole_TimestampToTheMillisecond_SecretsMasked()
    {
        var first = Write(new string('x', 5000), ("ApiToken", "s3cr3t"), ("Requirement", "grpcio>=1.60"));
        var second = Write("short", ("Count", 1));

        using var long_ = JsonDocument.Parse(first);
        using var short_ = JsonDocument.Parse(second);
        Assert.Equal(5000, long_.RootElement.GetProperty("message").GetString()!.Length);
        Assert.Equal(Redaction.Mask, long_.RootElement.GetProperty("apiToken").GetString());
        Assert.DoesNotContain("s3cr3t", first);
        Assert.Equal("short", short_.RootElement.GetProperty("message").GetString());
        Assert.False(short_.RootElement.TryGetProperty("apiToken", out _));
        Assert.EndsWith("}\n", second);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", short_.RootElement.GetProperty("ts").GetString());
        Assert.Equal(["ts", "level", "event", "message", "agentAppId", "deploymentId", "count"],
            short_.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Write_AgentAndDeployment_EscapedOnlyWhereJsonNeedsIt_NullWhenThereIsNoDeployment()
    {
        var line = WriteWith(new JsonLineFormatterOptions { AgentAppId = "a\"<b>", DeploymentId = "d-1 & 2" }, "m");
        var without = WriteWith(new JsonLineFormatterOptions { AgentAppId = "agent-1" }, "m");

        Assert.Contains("\"agentAppId\":\"a\\\"<b>\",\"deploymentId\":\"d-1 & 2\"", line);
        using var parsed = JsonDocument.Parse(line);
        Assert.Equal("a\"<b>", parsed.RootElement.GetProperty("agentAppId").GetString());
        using var none = JsonDocument.Parse(without);
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("deploymentId").ValueKind);
    }

    private static string Write(string message, params (string Key, object? Value)[] fields) =>
        WriteWith(new JsonLineFormatterOptions { AgentAppId = "agent-1" }, message, fields);

    private static string WriteWith(JsonLineFormatterOptions options, string message, params (string Key, object? Value)[] fields)
    {
        var formatter = new JsonLineFormatter(Options.Create(options));
        var state = fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value)).ToList();
        var entry = new LogEntry<List<KeyValuePair<string, object?>>>(
            LogLevel.Information, "test", new EventId(1, "test.event"), state, null, (_, _) => message);
        using var writer = new StringWriter();
        formatter.Write(entry, null, writer);
        return writer.ToString();
    }
}
