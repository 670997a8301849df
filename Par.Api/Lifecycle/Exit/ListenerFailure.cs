using System.Net.Sockets;
using System.Text.RegularExpressions;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Lifecycle.Exit;

/// <summary>
/// A listener that cannot open its port (in use, no permission) is exit 71 naming the port and its variable.
/// Kestrel reports it as an IOException "Failed to bind to address http://[::]:PORT: ..." around the socket error.
/// </summary>
internal static partial class ListenerFailure
{
    /// <summary>The failure for <paramref name="exception"/> when it is a bind failure of one of PAR's ports; else null.</summary>
    public static BootFailureException? From(Exception exception, IEnumerable<ListenerOwner> listeners)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException && BindFailure().Match(e.Message) is { Success: true } match
                && int.TryParse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                var (variable, check) = Owner(port, listeners);
                var reason = Reason(e);
                return new BootFailureException(
                    ExitCodes.ListenerUnavailable, check, $"cannot listen on port {port} ({variable}): {reason}", exception);
            }
        }

        return null;
    }

    /// <summary>The listener on <paramref name="port"/>; an unknown port fails the first listener's check.</summary>
    private static (string Variable, BootCheck Check) Owner(int port, IEnumerable<ListenerOwner> listeners)
    {
        var ordered = listeners.OrderBy(l => l.Check.Order).ToArray();
        return ordered.FirstOrDefault(l => l.Port == port) is { } owner
            ? (owner.Variable, owner.Check)
            : ("an unknown variable", ordered.FirstOrDefault()?.Check ?? BootCheck.Config);
    }

    /// <summary>The socket's own words (address already in use, permission denied), without Kestrel's wrapping.</summary>
    private static string Reason(Exception bind)
    {
        for (var e = bind.InnerException; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => "address already in use (another process listens there)",
                    SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
                    _ => socket.Message,
                };
            }

            if (e.GetType().Name == "AddressInUseException")
            {
                return "address already in use (another process listens there)";
            }
        }

        return bind.InnerException?.Message ?? bind.Message;
    }

    [GeneratedRegex(@"Failed to bind to address \S+?:(?<port>\d+)(:|\s|$)")]
    private static partial Regex BindFailure();
}
