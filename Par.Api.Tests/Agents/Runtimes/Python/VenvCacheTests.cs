using Microsoft.Extensions.Logging;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// PAR_CACHE_DIR keeps a package's venv, keyed by its SHA-256, for the next start. The install phase runs on its own
/// here, with the context the extract phase would hand it (package directory and checksum).
/// </summary>
public sealed class VenvCacheTests : IDisposable
{
    private const string Sha256 = "3f2a0c1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";

    private readonly TempDirectory _dir = new();
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly List<PythonHeadStart> _headStarts = [];

    public VenvCacheTests() => _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(_logs));

    [Fact]
    public async Task Install_SecondStartWithCache_ReusesTheVenv()
    {
        var install = Phase(cache: true);
        var first = await RunAsync(install);
        File.WriteAllText(Path.Combine(VenvOf(first), "left-by-the-first-start"), "kept while the venv is reused");

        var second = await RunAsync(install);

        Assert.Equal(Path.Combine(_dir.Path, "cache", "venvs", Sha256, "bin", "python"), second);
        Assert.Equal(first, second);
        Assert.True(File.Exists(Path.Combine(VenvOf(second), "left-by-the-first-start")));
        Assert.Single(_logs.Named("agent.venv.created"));
        Assert.Single(_logs.Named("agent.venv.reused"));
    }

    [Fact]
    public async Task Install_CachedVenvWithoutCompleteMarker_IsRebuiltNotReused()
    {
        var install = Phase(cache: true);
        var first = await RunAsync(install);
        var venv = VenvOf(first);
        File.Delete(Path.Combine(venv, ".par-complete"));
        File.WriteAllText(Path.Combine(venv, "half-built"), "an install that never finished");

        var second = await RunAsync(install);

        Assert.False(File.Exists(Path.Combine(venv, "half-built")));
        Assert.True(File.Exists(Path.Combine(venv, ".par-complete")));
        Assert.True(File.Exists(second));
        Assert.Empty(_logs.Named("agent.venv.reused"));
        Assert.Single(_logs.Named("agent.venv.discarded"));
        Assert.Equal(2, _logs.Named("agent.venv.created").Count());
    }

    [Fact]
    public async Task Install_WithoutCacheDir_BuildsAFreshVenvInTheWorkDir()
    {
        var first = await RunAsync(Phase(cache: false));

        var venv = Path.Combine(_dir.Path, "work", "venv");
        Assert.Equal(Path.Combine(venv, "bin", "python"), first);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "cache")));
    }

    public void Dispose()
    {
        foreach (var headStart in _headStarts)
        {
            headStart.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _loggers.Dispose();
        _dir.Dispose();
    }

    private PythonInstall Phase(bool cache)
    {
        var options = ParEnvironment.For("cache-test")
            .Package(_dir.Path)
            .WorkDirAt(_dir.Combine("work"))
            .With(EnvNames.ParCacheDir, cache ? _dir.Combine("cache") : null)
            .Options();
        var headStart = PythonHeadStart.Begin(options);
        _headStarts.Add(headStart);
        var steps = new BootSteps(new BootState([]), TimeProvider.System);
        return new PythonInstall(
            options,
            new VenvBuilder(options, _loggers.CreateLogger<VenvBuilder>()),
            new PipInstaller(options, steps, TimeProvider.System, _loggers.CreateLogger<PipInstaller>()),
            headStart,
            steps,
            _loggers.CreateLogger<PythonInstall>());
    }

    /// <summary>One start's install for a package without dependencies (a venv without pip, so it is quick); its interpreter.</summary>
    private Task<string> RunAsync(PythonInstall install)
    {
        var context = new BootContext
        {
            PackageDirectory = TestPackages.Minimal(_dir),
            PackageSha256 = Sha256,
        };
        return install.RunAsync(context, CancellationToken.None);
    }

    private static string VenvOf(string interpreter) => Path.GetDirectoryName(Path.GetDirectoryName(interpreter))!;
}
