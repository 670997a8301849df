using Microsoft.Extensions.Logging.Abstractions;
using Par.Api.Agents;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Lifecycle;
using Par.Api.Lifecycle.Shutdown;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

public sealed class RuntimeCleanupTests
{
    [Fact]
    public async Task Cleanup_WorkDirFoundNonEmpty_DeletesOnlyWhatParCreated()
    {
        using var work = new TempDirectory();
        var package = Path.GetDirectoryName(work.Write("operator/agent/agent.yaml", "name: demo\nversion: 1.0.0\n"))!;
        work.Write("operator-notes.txt", "the operator's, not PAR's");
        work.Write("shared/data.bin", "another service's");
        var options = Options(work.Path, package);
        var ownership = WorkDirOwnership.Claim(work.Path);
        // What PAR writes during a run, after the claim.
        work.Write("venv/bin/python", "");
        work.Write("package.apkg", "zip");
        work.Write("worker-spec.json", "{}");
        work.Write(".extract-0123/agent.yaml", "");

        await CleanAsync(options, ownership);

        string[] kept = ["operator", "operator-notes.txt", "shared"];
        Assert.Equal(kept.Select(k => work.Combine(k)).Order(), Directory.GetFileSystemEntries(work.Path).Order());
        Assert.True(File.Exists(Path.Combine(package, "agent.yaml")));
    }

    [Fact]
    public async Task Cleanup_WorkDirFoundNonEmpty_KeepsANewFileWithoutParsName()
    {
        using var work = new TempDirectory();
        work.Write("operator-notes.txt", "there before PAR");
        var options = Options(work.Path, TestPackages.SampleAgent);
        var ownership = WorkDirOwnership.Claim(work.Path);
        work.Write("venv/bin/python", "");
        work.Write("other-service.log", "written by another process while PAR ran, as in /tmp");

        await CleanAsync(options, ownership);

        Assert.Equal([work.Combine("operator-notes.txt"), work.Combine("other-service.log")], Directory.GetFileSystemEntries(work.Path).Order());
    }

    [Fact]
    public async Task Cleanup_WorkDirParCreated_IsRemovedWhole()
    {
        using var parent = new TempDirectory();
        var workDir = parent.Combine("work");
        var options = Options(workDir, TestPackages.SampleAgent);

        // Cleanup right after the start: the head start's venv creation and standby worker are stopped too.
        var ownership = WorkDirOwnership.Claim(workDir);
        await using var headStart = PythonHeadStart.Begin(options);
        Directory.CreateDirectory(Path.Combine(workDir, "venv"));
        await new RuntimeCleanup([new HeadStartCleanup(headStart), new AgentCleanup(new RunningAgent())], options, ownership, NullLogger<RuntimeCleanup>.Instance).RunAsync(CancellationToken.None);

        Assert.False(Directory.Exists(workDir), "the work dir PAR created outlived the cleanup");
    }

    [Fact]
    public async Task Cleanup_WorkDirFoundEmpty_StaysButEmpty()
    {
        using var work = new TempDirectory();
        var options = Options(work.Path, TestPackages.SampleAgent);
        var ownership = WorkDirOwnership.Claim(work.Path);
        work.Write("venv/bin/python", "");
        work.Write("worker.sock", "");

        await CleanAsync(options, ownership);

        Assert.True(Directory.Exists(work.Path), "a directory PAR found (a mounted volume) was removed");
        Assert.Empty(Directory.GetFileSystemEntries(work.Path));
    }

    [Fact]
    public async Task Cleanup_AnEntryOfParsCannotBeDeleted_MarkStaysAndTheNextStartIsNotRefused()
    {
        using var work = new TempDirectory();
        var options = Options(work.Path, TestPackages.SampleAgent);
        var ownership = WorkDirOwnership.Claim(work.Path);
        var stuck = work.Write("venv/bin/python", "");
        work.Write("worker-spec.json", "{}");
        Chattr("+i", stuck); // immutable: even root cannot delete it, so the venv outlives the cleanup
        try
        {
            await CleanAsync(options, ownership);

            Assert.True(File.Exists(work.Combine(WorkDirOwnership.Marker)), "the mark went while PAR's venv stayed");
            Assert.False(File.Exists(work.Combine("worker-spec.json")), "the entries that can go did not");
            Assert.Empty(WorkDirOwnership.Claim(work.Path).Conflicts);
        }
        finally
        {
            Chattr("-i", stuck);
        }
    }

    [Fact]
    public async Task Cleanup_EverythingOfParsDeleted_MarkGoesToo()
    {
        using var work = new TempDirectory();
        work.Write("operator-notes.txt", "there before PAR");
        var options = Options(work.Path, TestPackages.SampleAgent);
        var ownership = WorkDirOwnership.Claim(work.Path);
        Assert.True(File.Exists(work.Combine(WorkDirOwnership.Marker)), "the claim did not mark the work dir");
        work.Write("venv/bin/python", "");

        await CleanAsync(options, ownership);

        Assert.Equal([work.Combine("operator-notes.txt")], Directory.GetFileSystemEntries(work.Path));
    }

    private static void Chattr(string flag, string path)
    {
        using var chattr = System.Diagnostics.Process.Start("chattr", [flag, path]);
        chattr.WaitForExit();
        Assert.True(chattr.ExitCode == 0, $"chattr {flag} {path} exited {chattr.ExitCode} (run scripts/setup-test-deps.sh; the temp dir must be ext4)");
    }

    private static ParOptions Options(string workDir, string package) =>
        ParEnvironment.For("a").Package(package).WorkDirAt(workDir).Options();

    private static async Task CleanAsync(ParOptions options, WorkDirOwnership ownership)
    {
        // A socket path too long for the head start keeps it idle: these tests look at the files alone.
        var idle = options with { Lifecycle = options.Lifecycle with { WorkDir = "/" + new string('x', 200) } };
        await using var headStart = PythonHeadStart.Begin(idle);
        await new RuntimeCleanup([new HeadStartCleanup(headStart), new AgentCleanup(new RunningAgent())], options, ownership, NullLogger<RuntimeCleanup>.Instance).RunAsync(CancellationToken.None);
    }
}
