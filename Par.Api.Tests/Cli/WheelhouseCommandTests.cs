using System.Text.Json;
using Par.Api.Cli;
using Par.Api.Config;
using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Cli;

public sealed class WheelhouseCommandTests
{
    [Fact]
    public async Task Info_WheelsOfOnePackage_ListsTheNormalisedNameWithEveryVersion()
    {
        using var dir = new TempDirectory();
        var wheelhouse = dir.Combine("wheelhouse");
        var wheels = new[]
        {
            TestWheel.Build(wheelhouse, "Par.Test_Wheel", "1.10.0", "par_test_wheel", "VERSION = '1.10.0'\n"),
            TestWheel.Build(wheelhouse, "Par.Test_Wheel", "1.9.0", "par_test_wheel", "VERSION = '1.9.0'\n"),
            TestWheel.Build(wheelhouse, "Other-Lib", "2.0", "other_lib", ""),
        };
        dir.Write("wheelhouse/README.txt", "not a wheel");

        var (code, stdout, _) = await RunAsync(wheelhouse, "info");

        Assert.Equal(0, code);
        var info = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(wheelhouse, info.GetProperty("directory").GetString());
        Assert.True(info.GetProperty("readable").GetBoolean());
        Assert.Equal(3, info.GetProperty("wheelCount").GetInt32());
        Assert.Equal(wheels.Sum(w => new FileInfo(w).Length), info.GetProperty("totalBytes").GetInt64());
        var packages = info.GetProperty("packages");
        Assert.Equal(["other-lib", "par-test-wheel"], packages.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["1.9.0", "1.10.0"], packages.GetProperty("par-test-wheel").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Info_DirectoryMissing_ReportsUnreadableAndExits1()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("absent");

        var (code, stdout, stderr) = await RunAsync(missing, "info");

        Assert.Equal(1, code);
        Assert.False(JsonDocument.Parse(stdout).RootElement.GetProperty("readable").GetBoolean());
        Assert.Contains($"WHEELHOUSE_DIR {missing} does not exist or is not readable", stderr);
    }

    [Fact]
    public async Task Clear_MixedFolder_DeletesOnlyWheels()
    {
        using var dir = new TempDirectory();
        var wheelhouse = dir.Combine("wheelhouse");
        TestWheel.Build(wheelhouse, "Par.Test_Wheel", "1.0.0", "par_test_wheel", "");
        TestWheel.Build(wheelhouse, "Other-Lib", "2.0", "other_lib", "");
        var kept = new[]
        {
            dir.Write("wheelhouse/requirements.txt", "par-test-wheel\n"),
            dir.Write("wheelhouse/par_test_wheel-1.0.0.tar.gz", "an sdist"),
            dir.Write("wheelhouse/old.whl.bak", "a backup"),
            dir.Write("wheelhouse/nested/inner-1.0-py3-none-any.whl", "a wheel in a subfolder"),
        };

        var (code, stdout, _) = await RunAsync(wheelhouse, "clear");

        Assert.Equal(0, code);
        Assert.Contains("deleted 2 wheel(s)", stdout);
        Assert.Empty(Directory.GetFiles(wheelhouse, "*.whl"));
        Assert.All(kept, f => Assert.True(File.Exists(f), f));
    }

    [Fact]
    public async Task Clear_DirectoryMissing_Exits1()
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await RunAsync(dir.Combine("absent"), "clear");

        Assert.Equal(1, code);
        Assert.Contains("does not exist or is not readable", stderr);
    }

    [Fact]
    public async Task Fill_RequirementsResolvable_DownloadsTheWheelsAndStreamsPipsOutput()
    {
        using var dir = new TempDirectory();
        var source = dir.Combine("source");
        TestWheel.Build(source, "Par.Test_Wheel", "1.0.0", "par_test_wheel", "");
        // No package index is reachable from the test machine: the requirements point pip at a local folder.
        var requirements = dir.Write("requirements.txt", $"--no-index\n--find-links {source}\npar-test-wheel==1.0.0\n");
        var wheelhouse = dir.Combine("wheelhouse");

        var (code, stdout, stderr) = await RunAsync(wheelhouse, "fill", requirements);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("Saved ", stdout);
        Assert.True(File.Exists(Path.Combine(wheelhouse, "Par_Test_Wheel-1.0.0-py3-none-any.whl")));
        Assert.Contains($"{wheelhouse} holds 1 wheel(s)", stdout);
    }

    [Fact]
    public async Task Fill_RequirementUnavailable_Exits1WithPipsError()
    {
        using var dir = new TempDirectory();
        var requirements = dir.Write("requirements.txt", "--no-index\nnot-a-real-package-par\n");

        var (code, stdout, stderr) = await RunAsync(dir.Combine("wheelhouse"), "fill", requirements);

        Assert.Equal(1, code);
        Assert.Contains("No matching distribution found for not-a-real-package-par", stdout);
        Assert.Contains("pip download failed", stderr);
    }

    [Fact]
    public async Task Fill_RequirementsFileMissing_Exits1()
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await RunAsync(dir.Combine("wheelhouse"), "fill", dir.Combine("nope.txt"));

        Assert.Equal(1, code);
        Assert.Contains("nope.txt does not exist", stderr);
    }

    [Theory]
    [InlineData("fill")]
    [InlineData("info", "extra")]
    [InlineData("prune")]
    public async Task Wheelhouse_MalformedCall_Exits64WithUsage(params string[] args)
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await RunAsync(dir.Path, args);

        Assert.Equal(64, code);
        Assert.Contains("usage: Par.Api wheelhouse info|fill REQUIREMENTS|clear", stderr);
    }

    [Fact]
    public async Task Wheelhouse_DirUnset_Exits64NamingTheVariable()
    {
        var (code, _, stderr) = await RunAsync(null, "info");

        Assert.Equal(64, code);
        Assert.Contains("WHEELHOUSE_DIR is not set", stderr);
    }

    [Fact]
    public async Task Wheelhouse_RunAsTheRuntimeBinary_ReadsWheelhouseDirFromTheEnvironment()
    {
        using var dir = new TempDirectory();
        var wheelhouse = dir.Combine("wheelhouse");
        TestWheel.Build(wheelhouse, "Par.Test_Wheel", "1.0.0", "par_test_wheel", "");
        await using var par = ParProcess.Start(new Dictionary<string, string?> { [EnvNames.WheelhouseDir] = wheelhouse }, "wheelhouse", "info");

        var code = await par.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Equal(["1.0.0"], JsonDocument.Parse(par.Stdout).RootElement.GetProperty("packages").GetProperty("par-test-wheel")
            .EnumerateArray().Select(v => v.GetString()));
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? wheelhouse, params string[] args)
    {
        var env = EnvSnapshot.From(new Dictionary<string, string?> { [EnvNames.WheelhouseDir] = wheelhouse });
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await WheelhouseCommand.RunAsync(args, env, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
