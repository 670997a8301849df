using System.Text.RegularExpressions;

namespace Par.Api.Tests.Operations;

/// <summary>
/// SPEC §8: the runtime must stay unable to touch ECS, ELB, Cloud Map or databases. The only AWS SDK packages allowed
/// are S3 and its core; any other cloud control-plane or database client is refused, directly or transitively.
/// </summary>
internal static partial class ControlPlanePackages
{
    private static readonly HashSet<string> AllowedAws = new(StringComparer.OrdinalIgnoreCase) { "AWSSDK.S3", "AWSSDK.Core" };

    /// <summary>
    /// Packages that only ever arrive as dependencies of the allowed ones and hold no service client:
    /// AWSSDK.Core 4 depends on AWSSDK.Extensions.Numerics (a BigDecimal type for the SDK's own serialisation).
    /// </summary>
    private static readonly HashSet<string> AllowedAwsDependencies = new(StringComparer.OrdinalIgnoreCase) { "AWSSDK.Extensions.Numerics" };

    private static readonly (Regex Pattern, string Reason)[] Forbidden =
    [
        (Segment("ECS"), "ECS client"),
        (Segment("ElasticLoadBalancing(V2)?"), "ELB client"),
        (Segment("ServiceDiscovery|CloudMap"), "Cloud Map client"),
        (Segment("DynamoDB(v2)?"), "DynamoDB client"),
        (Segment("RDS\\w*"), "RDS client"),
        (Segment("Npgsql|SqlClient|MySql\\w*|MySqlConnector|Oracle|Sqlite|MongoDB|Cassandra\\w*|Couchbase\\w*|EntityFrameworkCore"), "database client"),
        (new Regex("(^|\\.)StackExchange\\.Redis($|\\.)", RegexOptions.IgnoreCase), "Redis client"),
        (Segment("Azure"), "Azure SDK"),
        (new Regex("^Google\\.(Cloud|Apis)\\.", RegexOptions.IgnoreCase), "Google Cloud client"),
        (Segment("KubernetesClient|Kubernetes"), "Kubernetes API client"),
        (new Regex("^Docker\\.DotNet", RegexOptions.IgnoreCase), "Docker engine client"),
    ];

    /// <summary>The rule broken by a package id, or null when it is allowed.</summary>
    /// <param name="packageId">The NuGet package id.</param>
    /// <param name="transitive">true for resolved dependencies (project.assets.json), false for what the project names itself.</param>
    public static string? Violation(string packageId, bool transitive)
    {
        if (packageId.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase)
            && !AllowedAws.Contains(packageId)
            && !(transitive && AllowedAwsDependencies.Contains(packageId)))
        {
            return $"{packageId}: AWS SDK package other than AWSSDK.S3 and AWSSDK.Core";
        }

        foreach (var (pattern, reason) in Forbidden)
        {
            if (pattern.IsMatch(packageId))
            {
                return $"{packageId}: {reason}";
            }
        }

        return null;
    }

    public static IReadOnlyList<string> Violations(IEnumerable<string> packageIds, bool transitive) =>
        [.. packageIds.Select(id => Violation(id, transitive)).OfType<string>()];

    /// <summary>A whole dot-separated segment of the id (so "ECS" matches AWSSDK.ECS but not "Specs").</summary>
    private static Regex Segment(string alternatives) =>
        new($"(^|\\.)({alternatives})($|\\.)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
