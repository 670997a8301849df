using Microsoft.AspNetCore.Routing.Matching;

namespace Par.Api.Surfaces;

/// <summary>
/// Drops the candidates whose <see cref="ListenerPortMetadata"/> names another port than the connection's local
/// port; with none left the request is 404, as for a path no listener serves.
/// </summary>
internal sealed class ListenerPortMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the host and method policies, so their own 404/405 answers keep working for the endpoints left.
    public override int Order => 100;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<ListenerPortMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var port = httpContext.Connection.LocalPort;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i)
                && candidates[i].Endpoint.Metadata.GetMetadata<ListenerPortMetadata>() is { } listener
                && listener.Port != port)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
