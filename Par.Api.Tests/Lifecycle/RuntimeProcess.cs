using System.Net;
using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

/// <summary>A runtime child process with its own ports and work dir, and helpers to watch its health.</summary>
internal sealed class RuntimeProcess : IAsyncDisposable
{
    private readonly bool _ownsWorkDir;
    private string _last = "no answer";

    private RuntimeProcess(ParProcess process, int restPort, int a2aPort, string workDir, bool ownsWorkDir)
    {
        _ownsWorkDir = ownsWorkDir;
        Process = process;
        RestPort = restPort;
        A2aPort = a2aPort;
        WorkDir = workDir;
        Rest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restPort}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public ParProcess Process { get; }

    public int RestPort { get; }

    public int A2aPort { get; }

    public string WorkDir { get; }

    public HttpClient Rest { get; }

    /// <summary>The test's variables over <see cref="Defaults"/>.</summary>
    public static RuntimeProcess Start(IDictionary<string, string?> environment, bool ownSession = false) =>
        Start(Defaults().With(environment), ownSession);

    /// <summary>AGENT_APP_ID=proc-agent, free ports, a fresh work dir, no backoff.</summary>
    public static ParEnvironment Defaults() => ParEnvironment.Listening("proc-agent", "par-proc");

    public static RuntimeProcess Start(ParEnvironment environment, bool ownSession = false) =>
        new(ParProcess.Start(environment.Build(), ownSession), environment.RestPort, environment.A2aPort, environment.WorkDir, environment.WorkDirIsFresh);

    /// <summary>Polls /health until it answers the expected status; fails if the process exits first.</summary>
    public async Task<string> WaitForHealthAsync(HttpStatusCode expected, TimeSpan timeout) =>
        (await PollAsync("/health", answer => answer.Status == expected, timeout)).Text;

    /// <summary>Polls <paramref name="path"/> until its status and JSON body satisfy the condition; returns them.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> WaitForAsync(string path, Func<HttpStatusCode, JsonElement, bool> until, TimeSpan timeout)
    {
        var answer = await PollAsync(path, a => a.Body is { } body && until(a.Status, body), timeout);
        return (answer.Status, answer.Body!.Value);
    }

    private Task<Answer> PollAsync(string path, Func<Answer, bool> until, TimeSpan timeout) =>
        Poll.ForAsync(
            async () => await TryGetAsync(path) is { } answer && until(answer) ? answer : (Answer?)null,
            timeout,
            $"{path} reaches the expected state",
            () => $"{_last}. stdout:\n{Process.Stdout}\nstderr:\n{Process.Stderr}");

    /// <summary>One GET of <paramref name="path"/>; null while PAR is not listening yet, an error once it has exited.</summary>
    private async Task<Answer?> TryGetAsync(string path)
    {
        try
        {
            using var response = await Rest.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            _last = $"{(int)response.StatusCode} {text}";
            return new Answer(response.StatusCode, ParseOrNull(text), _last);
        }
        catch (HttpRequestException) when (!Process.HasExited)
        {
            return null;
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"PAR exited while {path} was awaited (last: {_last}). stdout:\n{Process.Stdout}\nstderr:\n{Process.Stderr}", e);
        }
    }

    private static JsonElement? ParseOrNull(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private readonly record struct Answer(HttpStatusCode Status, JsonElement? Body, string Text);

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        await Process.DisposeAsync();
        // Only a work dir made up for this process: one the test chose (an operator's volume) is the test's to check.
        if (_ownsWorkDir && Directory.Exists(WorkDir))
        {
            Directory.Delete(WorkDir, recursive: true);
        }
    }
}
