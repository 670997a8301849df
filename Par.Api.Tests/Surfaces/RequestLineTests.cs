using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Par.Api.Logging;
using Par.Api.Surfaces;

namespace Par.Api.Tests.Surfaces;

/// <summary>
/// The access log's own entry (RequestLine) against what it replaced, a [LoggerMessage] method with the same template:
/// the same JSON line, message and fields, through the formatter and through PAR's logger.
/// </summary>
public sealed partial class RequestLineTests
{
    public static TheoryData<string, string, int, double, string> Requests => new()
    {
        { "GET", "/hello", 200, 1.25, "0123456789abcdef0123456789abcdef" },
        { "POST", "/agents/a/pixell.agent.AgentService/Invoke", 499, 1234.5678, "caller-id_1" },
        { "GET", "/caf\u00e9/\"quoted\"\\x", 404, 0.04, "id" },
        { "GET", "/go/https://user:pw@example.com/x?token=s3cr3t", 302, 0.05, "id" },
        { "HEAD", "/", 503, 0, "id" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void JsonLine_SameAsTheTemplatesMethod(string method, string path, int status, double ms, string id)
    {
        var generated = Capture(logger => Completed(logger, method, path, status, ms, id));
        var own = Capture(logger => RequestLine.Log(logger, LogLevel.Information, RequestLine.Completed, method, path, status, ms, id));

        Assert.Equal(WithoutTimestamp(generated.Line), WithoutTimestamp(own.Line));
        Assert.Equal(generated.Message, own.Message);
        Assert.Equal(generated.Fields, own.Fields);
        Assert.DoesNotContain("s3cr3t", own.Line);
    }

    [Fact]
    public void Log_LevelDisabled_NothingLogged()
    {
        var logger = new FormattingLogger(LogLevel.Information);

        RequestLine.Log(logger, LogLevel.Debug, RequestLine.ProbeCompleted, "GET", "/health", 200, 1, "id");

        Assert.Null(logger.Line);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void ParLogger_WritesTheFormattersLineAsUtf8(string method, string path, int status, double ms, string id)
    {
        var formatter = NewFormatter();
        var stream = new MemoryStream();
        var output = new LogOutput(stream, delay: Timeout.InfiniteTimeSpan);
        using (var provider = new LineLoggerProvider(formatter, output))
        {
            RequestLine.Log(provider.CreateLogger("Par.Api.Requests"), LogLevel.Information, RequestLine.Completed, method, path, status, ms, id);
        }

        var viaFormatter = Capture(logger => RequestLine.Log(logger, LogLevel.Information, RequestLine.Completed, method, path, status, ms, id));
        Assert.Equal(WithoutTimestamp(viaFormatter.Line), WithoutTimestamp(Encoding.UTF8.GetString(stream.ToArray())));
    }

    private static (string Line, string Message, List<KeyValuePair<string, object?>> Fields) Capture(Action<ILogger> log)
    {
        var logger = new FormattingLogger(LogLevel.Trace);
        log(logger);
        return (Assert.IsType<string>(logger.Line), logger.Message!, logger.Fields!);
    }

    private static string WithoutTimestamp(string line) => TimestampField().Replace(line, "\"ts\":\"-\"");

    private static JsonLineFormatter NewFormatter() =>
        new(Options.Create(new JsonLineFormatterOptions { AgentAppId = "agent-1", DeploymentId = "d-1" }));

    [LoggerMessage(EventId = LogEvents.Surfaces.HttpRequestCompleted, EventName = "http.request.completed", Level = LogLevel.Information,
        Message = RequestLine.Template)]
    private static partial void Completed(ILogger logger, string method, string path, int status, double durationMs, string requestId);

    [GeneratedRegex("\"ts\":\"[^\"]*\"")]
    private static partial Regex TimestampField();

    /// <summary>A logger that formats its one entry with PAR's JSON formatter and keeps the line, message and fields.</summary>
    private sealed class FormattingLogger(LogLevel minimum) : ILogger
    {
        private readonly JsonLineFormatter _formatter = NewFormatter();

        public string? Line { get; private set; }

        public string? Message { get; private set; }

        public List<KeyValuePair<string, object?>>? Fields { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            _formatter.Write(new LogEntry<TState>(logLevel, "Par.Api.Requests", eventId, state, exception, formatter), null, writer);
            Line = writer.ToString();
            Message = formatter(state, exception);
            Fields = [.. Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(state)];
        }
    }
}
