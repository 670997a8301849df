using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Par.Api.Config;

namespace Par.Api.Logging;

/// <summary>Once the listeners are open, one line saying where each surface answers (as Kestrel bound them).</summary>
internal sealed partial class ListeningLog(IServer server, IHostApplicationLifetime lifetime, ParOptions options, ILogger<ListeningLog> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before the server; ApplicationStarted fires once it listens.
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        // The indexer, not Features.Get<T>(): a generic virtual method, whose first call the native executable's type
        // loader resolves at run time (~1 ms of the boot).
        var addresses = (server.Features[typeof(IServerAddressesFeature)] as IServerAddressesFeature)?.Addresses ?? [];
        var listeners = options.Listeners;
        var rest = On(addresses, listeners.RestPort);
        var ui = listeners.Multiplexed
            ? $"{rest.Split(' ')[0]}{BasePath.Join(listeners.BasePath, "/ui/")} (on the REST listener)"
            : $"http://[::]:{listeners.UiPort} (opened when the package has a UI)";
        Listening(logger, rest, On(addresses, listeners.A2aPort), ui);
    }

    private static string On(ICollection<string> addresses, int port)
    {
        var matching = addresses.Where(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Port == port).ToList();
        return matching.Count > 0 ? string.Join(' ', matching) : $"port {port}";
    }

    [LoggerMessage(EventId = LogEvents.Logging.RuntimeListening, EventName = "runtime.listening", Level = LogLevel.Information,
        Message = "Listening: REST {Rest}, A2A {A2a}, UI {Ui}")]
    private static partial void Listening(ILogger logger, string rest, string a2a, string ui);
}
