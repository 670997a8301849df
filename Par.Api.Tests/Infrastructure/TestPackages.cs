namespace Par.Api.Tests.Infrastructure;

/// <summary>Locations of the repository's bundled samples.</summary>
internal static class TestPackages
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SampleAgent => Path.Combine(RepositoryRoot, "samples", "sample-agent");

    /// <summary>A package directory with only a minimal agent.yaml.</summary>
    public static string Minimal(TempDirectory dir, string name = "demo") =>
        Path.GetDirectoryName(dir.Write("pkg/agent.yaml", $"name: {name}\nversion: 1.0.0\n"))!;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Par.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Par.sln not found above the test output");
    }
}
