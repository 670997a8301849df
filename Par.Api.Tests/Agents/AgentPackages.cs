using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents;

/// <summary>Agent package directories written by the tests: agent.yaml plus Python modules and other files.</summary>
internal static class AgentPackages
{
    /// <summary>Writes pkg/agent.yaml and each file under pkg/; returns the package directory.</summary>
    public static string Write(TempDirectory dir, string manifest, params (string Path, string Content)[] files)
    {
        var package = Path.GetDirectoryName(dir.Write("pkg/agent.yaml", manifest))!;
        foreach (var (path, content) in files)
        {
            dir.Write(Path.Combine("pkg", path), content);
        }

        return package;
    }

    /// <summary>A manifest whose A2A service is agent_main:create_service.</summary>
    public static string A2aManifest(string name) => $"name: {name}\nversion: 1.0.0\na2a:\n  service: \"agent_main:create_service\"\n";
}
