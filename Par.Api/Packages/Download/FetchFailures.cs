using System.Net.Sockets;
using System.Security.Authentication;
using Par.Api.Logging;
using Polly.Timeout;

namespace Par.Api.Packages.Download;

/// <summary>Which failures deserve another attempt, and how to describe any failure without leaking a URL's secrets.</summary>
internal static class FetchFailures
{
    /// <summary>
    /// Classified failures decide for themselves; otherwise network errors and attempt timeouts are transient and anything
    /// unknown is not (a bug or a misconfiguration does not improve by trying again).
    /// </summary>
    public static bool IsTransient(Exception error, CancellationToken pipelineToken)
    {
        if (Classified(error) is { } known)
        {
            return known.Transient;
        }

        if (error is OperationCanceledException)
        {
            return !pipelineToken.IsCancellationRequested;
        }

        // An untrusted or mismatched server certificate stays so; asking again only delays the report.
        return !Chain(error).Any(e => e is AuthenticationException)
            && Chain(error).Any(e => e is HttpRequestException or IOException or SocketException);
    }

    /// <summary>The first classified failure in the exception chain (the connect guard's refusal arrives wrapped by the handler).</summary>
    public static PackageFetchException? Classified(Exception error) => Chain(error).OfType<PackageFetchException>().FirstOrDefault();

    public static string Describe(Exception error)
    {
        var text = Classified(error)?.Message ?? error switch
        {
            TimeoutRejectedException => "timed out",
            HttpRequestException { InnerException: { } inner } http when !http.Message.Contains(inner.Message, StringComparison.Ordinal) =>
                $"{http.Message} ({inner.Message})",
            OperationCanceledException => "the attempt timed out",
            _ => error.Message,
        };
        return LogRedactor.Text(text);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
