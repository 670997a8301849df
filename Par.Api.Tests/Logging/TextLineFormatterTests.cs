using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Par.Api.Config;
using Par.Api.Logging;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Logging;

public sealed class TextLineFormatterTests
{
    [Fact]
    public void Write_UrlWithQueryInMessageAndException_Redacted()
    {
        var url = "https://user:pw@packages.example.com/a.apkg?X-Amz-Signature=supersecret";
        var line = Write($"Downloading {url}", new HttpRequestException($"failed: {url}"));

        Assert.DoesNotContain("supersecret", line);
        Assert.DoesNotContain("pw@", line);
        Assert.Contains("info package.test: Downloading https://packages.example.com/a.apkg?[REDACTED]", line);
        Assert.EndsWith("\n", line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Runtime_LogFormatText_NeverPrintsAPresignedQuery()
    {
        await using var par = ParProcess.Start(ParEnvironment.Listening("agent-1", "par-text")
            .With(EnvNames.PackageUrl, "https://127.0.0.1:1/a.apkg?X-Amz-Signature=supersecret")
            .With(EnvNames.LogFormat, "text"));

        await BootFailure.AssertExitAsync(par, 69, inStdout: " info config.loaded: ");
        Assert.Contains("https://127.0.0.1:1/a.apkg?[REDACTED]", par.Stdout);
        Assert.DoesNotContain("supersecret", par.Stdout + par.Stderr);
    }

    private static string Write(string message, Exception? exception)
    {
        var entry = new LogEntry<string>(LogLevel.Information, "test", new EventId(1, "package.test"), message, exception, (s, _) => s);
        using var writer = new StringWriter();
        new TextLineFormatter().Write(entry, null, writer);
        return writer.ToString();
    }
}
