using System.Diagnostics;
using System.Net;
using Par.Api.Telemetry;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// Invoke's own client for one worker: <c>POST /_par/invoke/{action}</c> over a pool of keep-alive connections to its
/// socket, written and read by <see cref="WorkerConnection"/> instead of HttpClient (whose handler stages, request
/// and response objects and JSON document per call were a third of PAR's CPU per Invoke: bench/notes.md, issue 21).
/// What HttpClient did is kept: the request id and the W3C trace context as headers (from a client span of its own
/// when a tracer listens, else from the current activity, else the caller's as it came: <see cref="CallerTrace"/>), a
/// retry on a new connection when a pooled one turns out closed before any answer, and closing the connection when the
/// caller cancels, which cancels the handler in the worker.
/// </summary>
internal sealed class WorkerInvokeClient(string socketPath, int connections = 256) : IDisposable
{
    private readonly WorkerConnectionPool _pool = new(socketPath, connections);

    /// <summary>The connections open to the worker now (idle or in a call).</summary>
    public int OpenConnections => _pool.Open;

    /// <summary>
    /// The worker's answer. Throws <see cref="IOException"/> (the connection failed or the answer was malformed),
    /// <see cref="System.Net.Sockets.SocketException"/> (no connection), <see cref="HttpRequestException"/> (not a 2xx),
    /// <see cref="System.Text.Json.JsonException"/>, <see cref="InvalidOperationException"/> or
    /// <see cref="KeyNotFoundException"/> (not an answer), or <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<ActionOutcome> InvokeAsync(string action, string parametersJson, string? requestId, CancellationToken cancellationToken)
    {
        var path = WorkerProtocol.InvokePath(action);
        using var span = StartSpan(path);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var connection = await _pool.RentAsync(cancellationToken);
                WorkerResponse response;
                try
                {
                    Write(connection, path, parametersJson, requestId, span);
                    response = await connection.SendAsync(cancellationToken);
                }
                catch (WorkerConnectionException e) when (e.Retryable && attempt == 0)
                {
                    _pool.Release(connection);
                    continue;
                }
                catch
                {
                    _pool.Release(connection); // closed: a call the caller abandoned is cancelled in the worker
                    throw;
                }

                try
                {
                    span?.SetTag("http.response.status_code", response.Status);
                    if (response.Status is < 200 or > 299)
                    {
                        throw new HttpRequestException(
                            $"Response status code does not indicate success: {response.Status} ({response.Reason}).", null, (HttpStatusCode)response.Status);
                    }

                    return WorkerAnswer.Read(response.Body.Span);
                }
                finally
                {
                    _pool.Return(connection, response.Reusable);
                }
            }
        }
        catch (Exception e) when (span is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    public void Dispose() => _pool.Dispose();

    private static void Write(WorkerConnection connection, string path, string parametersJson, string? requestId, Activity? span)
    {
        connection.Begin("POST", path);
        if (requestId is not null)
        {
            connection.Header("X-Request-ID", requestId);
        }

        if ((span ?? Activity.Current) is { } context)
        {
            DistributedContextPropagator.Current.Inject(context, connection,
                static (carrier, name, value) => ((WorkerConnection)carrier!).Header(name, value));
        }
        else if (CallerTrace.Current is { } caller)
        {
            connection.Header(CallerTrace.ParentHeader, caller.Parent);
            if (caller.State is { Length: > 0 } state)
            {
                connection.Header(CallerTrace.StateHeader, state);
            }
        }

        connection.Body("application/json; charset=utf-8", parametersJson);
    }

    /// <summary>A client span like HttpClient's (its attributes by OpenTelemetry's HTTP conventions), only when a tracer listens.</summary>
    private static Activity? StartSpan(string path)
    {
        var span = ParTelemetry.Source.StartActivity("POST", ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("http.request.method", "POST");
            span.SetTag("server.address", WorkerProtocol.Address.Host);
            span.SetTag("url.full", WorkerProtocol.Address + path);
            span.SetTag("network.protocol.version", "1.1");
        }

        return span;
    }
}
