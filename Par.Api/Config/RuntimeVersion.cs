using System.Reflection;

namespace Par.Api.Config;

/// <summary>
/// PAR's own version, one value for --version, /meta, DescribeCapabilities, Swagger and the download User-Agent: the
/// assembly's informational version ("0.1.0+commit" when built from git), else its three-part version.
/// </summary>
internal static class RuntimeVersion
{
    public static string Value { get; } = Read(typeof(RuntimeVersion).Assembly);

    private static string Read(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
