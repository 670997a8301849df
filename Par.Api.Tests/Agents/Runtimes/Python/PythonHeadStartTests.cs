using System.Diagnostics;
using Par.Api.Agents;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Lifecycle.Exit;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// The venv and the worker interpreter start while the .NET host starts; the install and worker phases take them
/// when they fit and nothing of them is left behind when they do not.
/// </summary>
public sealed class PythonHeadStartTests
{
    [Fact]
    public async Task Boot_PackageDirectory_AdoptsTheWorkerStartedWithTheHost()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.LogLevel] = "Information",
        });

        var snapshot = await host.WaitForBootAsync();

        Assert.True(snapshot.IsReady, snapshot.Error);
        var adopted = Assert.Single(host.Logs.Named("agent.worker.head_start"));
        var started = Assert.Single(host.Logs.Named("agent.worker.started"));
        Assert.Equal(started.Fields["Pid"], adopted.Fields["Pid"]);
        Assert.Single(host.Logs.Named("agent.venv.created"));
        Assert.Empty(host.Logs.Named("agent.venv.discarded"));
        var result = await host.InvokeAsync("echo", ("text", "hi"));
        Assert.True(result.Success, result.Error);
        Assert.Equal("hi", result.Result);
    }

    [Fact]
    public async Task Boot_SecondStartWithCachedVenv_AdoptsAWorkerStartedFromTheCache()
    {
        using var dir = new TempDirectory();
        var package = TestZips.FromDirectory(TestPackages.SampleAgent, dir.Combine("sample.apkg"));
        var environment = new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.PackageSha256] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(package))),
            [EnvNames.ParCacheDir] = dir.Combine("cache"),
            [EnvNames.LogLevel] = "Information",
        };
        await using (var first = await ParTestHost.StartAsync(environment))
        {
            Assert.True((await first.WaitForBootAsync()).IsReady);
            Assert.Empty(first.Logs.Named("agent.worker.head_start"));
        }

        await using var second = await ParTestHost.StartAsync(environment);

        Assert.True((await second.WaitForBootAsync()).IsReady);
        Assert.Single(second.Logs.Named("agent.venv.reused"));
        var adopted = Assert.Single(second.Logs.Named("agent.worker.head_start"));
        var worker = Assert.IsType<WorkerPool>(second.Services.GetRequiredService<RunningAgent>().Worker);
        Assert.Equal(Assert.Single(worker.Pids), adopted.Fields["Pid"]);
    }

    [Fact]
    public async Task Boot_PythonThatCannotStart_Exits70NamingPythonOnce()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("no-such-python3");
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.Python] = missing,
        });

        var snapshot = await host.WaitForBootAsync();

        // The head start met the error first; the install phase reports it as its own, the same way.
        Assert.Equal(ExitCodes.AgentFailed, snapshot.ExitCode);
        Assert.Equal("install", snapshot.Phase);
        Assert.StartsWith($"PYTHON={missing} cannot be started", snapshot.Error);
    }

    [Fact]
    public async Task Boot_UiOnlyPackage_LeavesNoVenvAndNoPythonRunning()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: ui-only\nversion: 1.0.0\nui:\n  path: site\n");
        dir.Write("pkg/site/index.html", "<html>ui-only</html>");
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = dir.Combine("pkg") });

        var snapshot = await host.WaitForBootAsync();

        Assert.True(snapshot.IsReady, snapshot.Error);
        Assert.False(Directory.Exists(Path.Combine(host.Options.Lifecycle.WorkDir, "venv")));
        Assert.Empty(ProcessTable.Using(host.Options.Lifecycle.WorkDir));
    }

    [Fact]
    public async Task Boot_PackageRefusedBeforeInstall_StopsTheStandbyWorker()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: demo\n"); // no version: refused by the manifest phase
        var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = dir.Combine("pkg") });
        var workDir = host.Options.Lifecycle.WorkDir;

        var snapshot = await host.WaitForBootAsync();
        // The standby itself (it reads its spec from stdin: "--spec -"), not the venv creation before it, which
        // ends by itself: a process table seen between the two holds neither.
        var standbyRan = await Poll.HoldsWithinAsync(
            () => ProcessTable.Using(workDir).Any(process => process.Contains(" --spec - ", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        await host.DisposeAsync();

        Assert.Equal(ExitCodes.PackageInvalid, snapshot.ExitCode);
        Assert.True(standbyRan, "the head start's standby worker never ran under PAR_WORK_DIR");
        Assert.Empty(await ProcessTable.UsingOnceSettledAsync(workDir, expectAny: false));
    }

    [Fact]
    public async Task Begin_WorkDirThatCannotBeCreated_NeitherThrowsNorStartsAnything()
    {
        using var dir = new TempDirectory();
        var notADirectory = dir.Write("a-file", "PAR_WORK_DIR below a regular file cannot be created");
        var workDir = Path.Combine(notADirectory, "work");
        // The configuration refuses such a PAR_WORK_DIR (78); the head start must still survive one it is handed.
        var valid = ParEnvironment.ForPhase(dir.Combine("work")).Package(TestPackages.SampleAgent).Options();
        var options = valid with { Lifecycle = valid.Lifecycle with { WorkDir = workDir } };

        await using var headStart = PythonHeadStart.Begin(options);
        var venv = await headStart.TakeVenvAsync(Path.Combine(workDir, "venv"), CancellationToken.None);

        // The install phase meets the same error when it builds the venv itself, and reports it.
        Assert.Null(venv);
        Assert.Null(await headStart.TakeWorkerAsync(Path.Combine(workDir, "venv", "bin", "python"), CancellationToken.None));
        Assert.Empty(ProcessTable.Using(workDir));
    }

    [Fact]
    public async Task Worker_StandbyWhoseStdinClosesWithoutASpec_ExitsZeroWritingNothing()
    {
        using var dir = new TempDirectory();
        var files = WorkerFiles.In(dir.Path);
        var info = WorkerLauncher.StartInfo(PythonOnPath(), files, specArgument: "-");
        info.RedirectStandardInput = true;
        info.RedirectStandardError = true;
        using var worker = Process.Start(info)!;

        worker.StandardInput.Close();
        await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, worker.ExitCode);
        Assert.Equal(string.Empty, await worker.StandardError.ReadToEndAsync());
        Assert.False(File.Exists(files.Status));
        Assert.False(File.Exists(files.Socket));
    }

    private static string PythonOnPath() =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Select(d => Path.Combine(d, "python3")).First(File.Exists);
}
