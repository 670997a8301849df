using System.Net;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

/// <summary>SPEC §7: PAR deletes only what it created; PAR_WORK_DIR=/tmp or a shared volume loses nothing.</summary>
public sealed class WorkDirCleanupTests
{
    [Fact]
    public async Task Sigterm_WorkDirWithOperatorFiles_TheySurviveAndParsFilesAreGone()
    {
        using var work = OperatorFiles();
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ParWorkDir] = work.Path,
        });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.True(Directory.Exists(work.Combine("venv")), "PAR wrote nothing into the work dir: the test proves nothing");
        Assert.True(File.Exists(work.Combine("worker-spec.json")));

        par.Process.Signal(Signals.Term);

        Assert.Equal(0, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        AssertOnlyOperatorFiles(work);
    }

    [Fact]
    public async Task FailedBoot_WorkDirWithOperatorFiles_TheySurviveAndParsFilesAreGone()
    {
        using var work = OperatorFiles();
        using var dir = new TempDirectory();
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = FixtureAgents.WriteFailingImport(dir),
            [EnvNames.ParWorkDir] = work.Path,
        });

        await BootFailure.AssertExitAsync(par.Process, 70, inStdout: "config missing");
        AssertOnlyOperatorFiles(work);
    }

    [Fact]
    public async Task Start_WorkDirHoldsAForeignVenv_Exits78NamingItAndTouchesNothing()
    {
        using var work = OperatorFiles();
        work.Write("venv/pyvenv.cfg", "someone else's venv");
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ParWorkDir] = work.Path,
        });

        await BootFailure.AssertExitAsync(par.Process, 78, inStderr: $"PAR_WORK_DIR={work.Path} holds 'venv', which PAR did not create");
        Assert.Equal("someone else's venv", File.ReadAllText(work.Combine("venv", "pyvenv.cfg")));
        Assert.Equal([work.Combine("cache"), work.Combine("notes.txt"), work.Combine("venv")], Directory.GetFileSystemEntries(work.Path).Order());
    }

    [Fact]
    public async Task Start_LeftoversOfAKilledPar_ReplacedAndCleanedUp()
    {
        using var work = OperatorFiles();
        var env = new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ParWorkDir] = work.Path,
        };
        await using (var killed = RuntimeProcess.Start(env))
        {
            await killed.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            killed.Process.Signal(Signals.Kill);
            await killed.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(Directory.Exists(work.Combine("venv")), "the killed PAR left no venv: the test proves nothing");
        await using var par = RuntimeProcess.Start(env);
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        par.Process.Signal(Signals.Term);

        Assert.Equal(0, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        AssertOnlyOperatorFiles(work);
    }

    /// <summary>A work dir as a shared volume or /tmp looks: files and folders of others, one named like nothing of PAR's.</summary>
    private static TempDirectory OperatorFiles()
    {
        var work = new TempDirectory("par-shared");
        work.Write("notes.txt", "the operator's");
        work.Write("cache/model.bin", "another service's data");
        return work;
    }

    private static void AssertOnlyOperatorFiles(TempDirectory work)
    {
        Assert.Equal([work.Combine("cache"), work.Combine("notes.txt")], Directory.GetFileSystemEntries(work.Path).Order());
        Assert.Equal("the operator's", File.ReadAllText(work.Combine("notes.txt")));
        Assert.Equal("another service's data", File.ReadAllText(work.Combine("cache", "model.bin")));
    }
}
