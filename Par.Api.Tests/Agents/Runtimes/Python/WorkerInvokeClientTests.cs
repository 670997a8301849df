using System.Text;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// Invoke's own HTTP/1.1 client against a scripted stand-in for the worker's socket: keep-alive reuse, the limit on
/// connections, a pooled connection the worker closed, answers cut short or malformed, and cancellation.
/// </summary>
public sealed class WorkerInvokeClientTests
{
    private const string Answer = """{"success": true, "result": "{\"echo\": \"hi\"}", "metadata": {"k": "v"}}""";

    [Fact]
    public async Task TwoCalls_OneConnection_RequestCarriesIdBodyAndLength()
    {
        using var dir = new TempDirectory();
        await using var worker = new ScriptedWorkerSocket(dir.Combine("w.sock"), _ => ScriptedWorkerSocket.Ok(Answer));
        using var client = new WorkerInvokeClient(worker.Path);

        const string parameters = "{\"text\": \"h\u00e9\"}"; // not ASCII: the length counts UTF-8 bytes
        var first = await client.InvokeAsync("echo", parameters, "req-1", CancellationToken.None);
        var second = await client.InvokeAsync("echo", "{}", "req-2", CancellationToken.None);

        Assert.True(first.Success, first.Error);
        Assert.Equal("""{"echo": "hi"}""", first.Result);
        Assert.Equal("v", first.Metadata!["k"]);
        Assert.True(second.Success, second.Error);
        Assert.Equal(1, worker.Accepted);
        var request = worker.Requests.First();
        Assert.StartsWith("POST /_par/invoke/echo HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Request-ID: req-1\r\n", request, StringComparison.Ordinal);
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(parameters)}\r\n", request, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + parameters, request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestIdWithCrLf_LeftOutOfTheHead()
    {
        using var dir = new TempDirectory();
        await using var worker = new ScriptedWorkerSocket(dir.Combine("w.sock"), _ => ScriptedWorkerSocket.Ok(Answer));
        using var client = new WorkerInvokeClient(worker.Path);

        var outcome = await client.InvokeAsync("echo", "{}", "id\r\nX-Injected: yes", CancellationToken.None);

        Assert.True(outcome.Success, outcome.Error);
        Assert.DoesNotContain("X-Injected", worker.Requests.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PooledConnectionClosedByTheWorker_CallRetriedOnANewOne()
    {
        using var dir = new TempDirectory();
        // The first answer says keep-alive, then the worker closes: the next call finds the pooled connection dead.
        await using var worker = new ScriptedWorkerSocket(dir.Combine("w.sock"), n => n == 1 ? (ScriptedWorkerSocket.Ok(Answer)!.Value.Item1, true) : ScriptedWorkerSocket.Ok(Answer));
        using var client = new WorkerInvokeClient(worker.Path);
        await client.InvokeAsync("echo", "{}", null, CancellationToken.None);
        await Poll.UntilAsync(() => worker.Accepted == 1 && client.OpenConnections == 1, TimeSpan.FromSeconds(5), "the first call's connection is pooled");

        var outcome = await client.InvokeAsync("echo", "{}", null, CancellationToken.None);

        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(2, worker.Accepted);
        Assert.Equal(2, worker.Requests.Count);
    }

    [Fact]
    public async Task WorkerClosesMidResponse_CallFailsAndTheConnectionIsDropped()
    {
        using var dir = new TempDirectory();
        var cut = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"success\": tr");
        await using var worker = new ScriptedWorkerSocket(dir.Combine("w.sock"), _ => (cut, true));
        using var client = new WorkerInvokeClient(worker.Path);

        var error = await Assert.ThrowsAsync<WorkerConnectionException>(() => client.InvokeAsync("echo", "{}", null, CancellationToken.None));

        Assert.Contains("mid-response", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.OpenConnections);
        Assert.Single(worker.Requests); // not retried: the worker had begun to answer
    }

    [Theory]
    [InlineData("oversized")]
    [InlineData("status")]
    [InlineData("chunked")]
    [InlineData("no-length")]
    public async Task MalformedResponseHead_CallFailsAndTheConnectionIsDropped(string kind)
    {
        using var dir = new TempDirectory();
        var head = kind switch
        {
            "oversized" => "HTTP/1.1 200 OK\r\nx-big: " + new string('a', WorkerConnection.MaxHead + 10) + "\r\n\r\n",
            "status" => "HTXP/1.1 2O0 OK\r\ncontent-length: 0\r\n\r\n",
            "chunked" => "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
            _ => "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n",
        };
        await using var worker = new ScriptedWorkerSocket(dir.Combine("w.sock"), _ => (Encoding.ASCII.GetBytes(head), false));
        using var client = new WorkerInvokeClient(worker.Path);

        var error = await Assert.ThrowsAsync<WorkerConnectionException>(() => client.InvokeAsync("echo", "{}", null, CancellationToken.None));

        Assert.Contains(kind == "oversized" ? $"over {WorkerConnection.MaxHead} bytes" : "malformed response", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.OpenConnections);
    }

    [Fact]
    public async Task ErrorStatus_FailsWithTheStatus_ConnectionKept()
    {
        using var dir = new TempDirectory();
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\ncontent-length: 3\r\n\r\nbad");
        await using var worker = new ScriptedWorkerSocket(dir.Combine("w.sock"), _ => (answer, false));
        using var client = new WorkerInvokeClient(worker.Path);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.InvokeAsync("echo", "{}", null, CancellationToken.None));

        Assert.Equal("Response status code does not indicate success: 400 (Bad Request).", error.Message);
        Assert.Equal(1, client.OpenConnections);
    }

    [Fact]
    public async Task Cancelled_ConnectionClosedSoTheWorkerSeesIt()
    {
        using var dir = new TempDirectory();
        await using var worker = new ScriptedWorkerSocket(dir.Combine("w.sock"), _ => null);
        using var client = new WorkerInvokeClient(worker.Path);
        using var cancel = new CancellationTokenSource();

        var call = client.InvokeAsync("slow", "{}", null, cancel.Token);
        await Poll.UntilAsync(() => !worker.Requests.IsEmpty, TimeSpan.FromSeconds(5), "the request reaches the worker");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await worker.ClosedByClient.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, client.OpenConnections);
    }

    [Fact]
    public async Task AllConnectionsBusy_NextCallWaitsForOneToComeBack()
    {
        using var dir = new TempDirectory();
        await using var worker = new ScriptedWorkerSocket(dir.Combine("w.sock"), _ => ScriptedWorkerSocket.Ok(Answer));
        using var client = new WorkerInvokeClient(worker.Path, connections: 1);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.InvokeAsync("echo", "{}", null, CancellationToken.None)));

        Assert.All(outcomes, o => Assert.True(o.Success, o.Error));
        Assert.Equal(1, worker.Accepted);
        Assert.Equal(8, worker.Requests.Count);
    }
}
