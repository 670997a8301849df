using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Par.Api.Tests.Infrastructure;

/// <summary>One finished request of a <see cref="LoadLoops"/> run: its status, or the exception, and when it began.</summary>
internal sealed record LoadOutcome(int Loop, bool StartedAfterMark, int? Status, Exception? Error)
{
    /// <summary>The listener was closed before the connection was made: nothing was in flight.</summary>
    public bool Refused => Error is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };
}

/// <summary>
/// A small load generator: N loops of keep-alive GETs on one connection each, every outcome kept. A loop ends when
/// the server refuses its connection (the listener closed) or when stopped.
/// </summary>
internal sealed class LoadLoops : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<LoadOutcome> _outcomes = new();
    private readonly Task[] _loops;
    private int _marked;

    public LoadLoops(Uri baseAddress, int loops, string path)
    {
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = loops }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _loops = [.. Enumerable.Range(0, loops).Select(i => Task.Run(() => LoopAsync(i, path)))];
    }

    public IReadOnlyList<LoadOutcome> Outcomes => [.. _outcomes];

    /// <summary>Requests begun from now on are marked (the moment a signal is sent, say).</summary>
    public void Mark() => Volatile.Write(ref _marked, 1);

    /// <summary>Waits until <paramref name="count"/> requests have answered; throws past the timeout.</summary>
    public Task WaitForAnswersAsync(int count, TimeSpan timeout) =>
        Poll.UntilAsync(
            () => _outcomes.Count(o => o.Status is not null) >= count,
            timeout,
            $"{count} requests have answered",
            () => $"{_outcomes.Count} outcomes: {string.Join("; ", _outcomes.Select(o => o.Error?.Message ?? o.Status.ToString()).Distinct())}");

    /// <summary>Waits until every loop has ended on its own (refused), bounded by the timeout.</summary>
    public async Task<bool> EndedAsync(TimeSpan timeout) => await Task.WhenAll(_loops).WaitAsync(timeout).ContinueWith(t => t.IsCompletedSuccessfully);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ContinueWith(_ => { });
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync(int loop, string path)
    {
        while (!_stop.IsCancellationRequested)
        {
            var marked = Volatile.Read(ref _marked) == 1;
            try
            {
                using var response = await _client.GetAsync(path, _stop.Token);
                await response.Content.ReadAsByteArrayAsync(_stop.Token);
                _outcomes.Enqueue(new LoadOutcome(loop, marked, (int)response.StatusCode, null));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var outcome = new LoadOutcome(loop, marked, null, e);
                _outcomes.Enqueue(outcome);
                if (outcome.Refused)
                {
                    return;
                }
            }
        }
    }
}
