using System.Diagnostics;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// Dependencies installed by a real pip into a real venv, offline from a wheelhouse the test builds (no index is
/// reachable from the test machine). Each test that runs pip costs a venv with pip (seconds), so there are few.
/// </summary>
public sealed class PipInstallTests
{
    private static readonly TimeSpan PipBoot = TimeSpan.FromSeconds(180);

    private const string AgentUsingTheWheel = """
        import par_test_wheel


        def create_service():
            return {"custom_handlers": {"greet": lambda params: par_test_wheel.GREETING}}
        """;

    [Fact]
    public async Task Install_OfflineFromWheelhouse_AgentImportsTheWheelAndSystemPythonIsUntouched()
    {
        using var dir = new TempDirectory();
        var wheelhouse = BuildWheelhouse(dir);
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("wheel-agent"),
            ("requirements.txt", "par-test-wheel==1.0.0\n"), ("agent_main.py", AgentUsingTheWheel));
        var systemBefore = SystemSitePackages();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WheelhouseDir] = wheelhouse,
            [EnvNames.WheelhouseOffline] = "true",
            [EnvNames.LogLevel] = "Information",
        });

        var snapshot = await host.WaitForBootAsync(PipBoot);

        Assert.True(snapshot.IsReady, snapshot.Error);
        var result = await host.InvokeAsync("greet");
        Assert.True(result.Success, result.Error);
        Assert.Equal("from the wheelhouse", result.Result);
        Assert.Equal(systemBefore, SystemSitePackages());
        // The bare venv of the head start made way for one with pip, quietly; the worker was started anew in it.
        Assert.Empty(host.Logs.Named("agent.venv.discarded"));
        Assert.Empty(host.Logs.Named("agent.worker.head_start"));
    }

    [Fact]
    public async Task Install_RequirementMissingFromWheelhouse_Exits70WithPipsNoMatchingDistribution()
    {
        using var dir = new TempDirectory();
        var wheelhouse = BuildWheelhouse(dir);
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("missing-dep"),
            ("requirements.txt", "par-test-wheel==1.0.0\nnot-in-the-wheelhouse==2.0\n"), ("agent_main.py", AgentUsingTheWheel));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WheelhouseDir] = wheelhouse,
            [EnvNames.WheelhouseOffline] = "true",
        });

        var snapshot = await host.WaitForBootAsync(PipBoot);

        Assert.Equal(70, snapshot.ExitCode);
        Assert.Contains("No matching distribution found for not-in-the-wheelhouse==2.0", snapshot.Error);
        Assert.Equal("failed", snapshot.Checks["install"].Status);
    }

    [Fact]
    public async Task Install_OutlivesInstallTimeout_KilledAndReported()
    {
        using var dir = new TempDirectory();
        // A local project whose in-tree build backend never finishes: pip runs it in a child process of its own.
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("slow-install"),
            ("requirements.txt", "./slowpkg\n"),
            ("agent_main.py", "def create_service():\n    return {'custom_handlers': {}}\n"),
            ("slowpkg/pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"slow_backend\"\nbackend-path = [\".\"]\n"),
            ("slowpkg/slow_backend.py", "import time\n\ntime.sleep(600)\n"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WheelhouseDir] = BuildWheelhouse(dir),
            [EnvNames.WheelhouseOffline] = "true",
            [EnvNames.InstallTimeoutSec] = "3",
        });

        var snapshot = await host.WaitForBootAsync(PipBoot);

        Assert.Equal(70, snapshot.ExitCode);
        Assert.Contains("dependency install exceeded INSTALL_TIMEOUT_SEC=3 and was killed", snapshot.Error);
        Assert.Empty(await ProcessTable.UsingOnceSettledAsync(dir.Path, expectAny: false));
    }

    [Fact]
    public async Task Install_WheelhouseDirMissing_WarnsAndFallsBackToPipsOwnIndexSettings()
    {
        using var dir = new TempDirectory();
        var wheelhouse = BuildWheelhouse(dir);
        var missing = dir.Combine("no-such-wheelhouse");
        // pip's "own index" here is what the requirements file names: the test machine reaches no package index.
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("fallback"),
            ("requirements.txt", $"--no-index\n--find-links {wheelhouse}\npar-test-wheel\n"), ("agent_main.py", AgentUsingTheWheel));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WheelhouseDir] = missing,
        });

        var snapshot = await host.WaitForBootAsync(PipBoot);

        Assert.True(snapshot.IsReady, snapshot.Error);
        var warning = Assert.Single(host.Logs.Named("wheelhouse.unavailable"));
        Assert.Contains(missing, warning.AllText);
        var result = await host.InvokeAsync("greet");
        Assert.True(result.Success, result.Error);
        Assert.Equal("from the wheelhouse", result.Result);
    }

    [Fact]
    public async Task Install_WheelhouseDirMissingWhileOffline_Exits70NamingTheDirectoryBeforeBuildingAVenv()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("no-such-wheelhouse");
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("offline-missing"),
            ("requirements.txt", "par-test-wheel\n"), ("agent_main.py", AgentUsingTheWheel));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WheelhouseDir] = missing,
            [EnvNames.WheelhouseOffline] = "true",
        });

        var snapshot = await host.WaitForBootAsync();

        Assert.Equal(70, snapshot.ExitCode);
        Assert.Contains($"WHEELHOUSE_DIR {missing} is missing or unreadable and WHEELHOUSE_OFFLINE=true", snapshot.Error);
        Assert.False(Directory.Exists(Path.Combine(host.Options.Lifecycle.WorkDir, "venv")));
    }

    /// <summary>A wheelhouse holding one pure-Python wheel, Par.Test_Wheel 1.0.0 (module par_test_wheel).</summary>
    internal static string BuildWheelhouse(TempDirectory dir)
    {
        var wheelhouse = dir.Combine("wheelhouse");
        TestWheel.Build(wheelhouse, "Par.Test_Wheel", "1.0.0", "par_test_wheel", "GREETING = \"from the wheelhouse\"\n");
        return wheelhouse;
    }

    /// <summary>Every top-level entry of the system interpreter's site-packages, with its modification time.</summary>
    private static List<string> SystemSitePackages()
    {
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c", "import json, site; print(json.dumps(site.getsitepackages()))"])
        {
            RedirectStandardOutput = true,
        })!;
        var directories = JsonSerializer.Deserialize<string[]>(python.StandardOutput.ReadToEnd())!;
        python.WaitForExit();
        var entries = directories.Where(Directory.Exists)
            .SelectMany(d => new DirectoryInfo(d).EnumerateFileSystemInfos())
            .Select(e => $"{e.FullName} {e.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(entries);
        return entries;
    }
}
