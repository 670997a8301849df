using System.Diagnostics;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// The bare venv PAR writes itself must be the venv <c>python -m venv --without-pip</c> makes, as the interpreter
/// sees it: the same prefixes and the same sys.path (venv paths replaced by a placeholder), with and without the
/// system site-packages. Debian's /usr/bin/python3 is the real interpreter here, as in the image.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BareVenvTests : IDisposable
{
    private const string SystemPython = "/usr/bin/python3";
    private const string Probe = "import sys, json; print(json.dumps([sys.prefix, sys.exec_prefix, sys.base_prefix, sys.executable, sys.path]))";

    private readonly TempDirectory _dir = new("par-venv");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WrittenVenv_LooksToPythonLikeTheVenvModulesOne(bool systemSitePackages)
    {
        var python = Options(SystemPython, systemSitePackages);
        var written = _dir.Combine("written");
        var made = _dir.Combine("made");

        Assert.True(BareVenv.TryCreate(python, written));
        string[] site = systemSitePackages ? ["--system-site-packages"] : [];
        await RunAsync(SystemPython, ["-m", "venv", "--without-pip", .. site, made]);

        var fromWritten = (await RunAsync(Path.Combine(written, "bin", "python"), "-c", Probe)).Replace(written, "VENV");
        var fromMade = (await RunAsync(Path.Combine(made, "bin", "python"), "-c", Probe)).Replace(made, "VENV");
        Assert.Equal(fromMade, fromWritten);
        Assert.Contains("VENV/lib/python3.", fromWritten, StringComparison.Ordinal);
        Assert.Equal(systemSitePackages, fromWritten.Contains("/usr/lib/python3/dist-packages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryInterpreterName_RunsTheVenv()
    {
        var venv = _dir.Combine("names");
        Assert.True(BareVenv.TryCreate(Options(SystemPython, systemSitePackages: false), venv));

        foreach (var name in Directory.GetFiles(Path.Combine(venv, "bin")))
        {
            Assert.Equal(venv, (await RunAsync(name, "-c", "import sys; print(sys.prefix)")).Trim());
        }
    }

    [Fact]
    public async Task WrapperScript_IsLeftToTheVenvModule()
    {
        // A pyenv shim or a wrapper: its binary is not known without running it, so nothing is written.
        var wrapper = _dir.Write("python-wrapper", $"#!/bin/sh\nexec {SystemPython} \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var venv = _dir.Combine("wrapped");

        Assert.False(BareVenv.TryCreate(Options(wrapper, systemSitePackages: false), venv));
        Assert.False(Directory.Exists(venv));

        // The builder then makes it with the venv module, through the wrapper, and it works.
        var created = await VenvBuilder.CreateUnloggedAsync(Options(wrapper, systemSitePackages: false), venv, withPip: false, _ => { }, CancellationToken.None);
        Assert.Equal(venv, created.Path);
        Assert.Contains("command = ", File.ReadAllText(Path.Combine(venv, "pyvenv.cfg")), StringComparison.Ordinal);
    }

    [Fact]
    public void InterpreterWithoutVersionInItsName_IsLeftToTheVenvModule()
    {
        var copy = _dir.Combine("python-copy");
        File.Copy(File.ResolveLinkTarget(SystemPython, returnFinalTarget: true)!.FullName, copy);

        Assert.False(BareVenv.TryCreate(Options(copy, systemSitePackages: false), _dir.Combine("unversioned")));
        Assert.False(Directory.Exists(_dir.Combine("unversioned")));
    }

    [Fact]
    public async Task Builder_WithoutPip_WritesTheVenvWithoutAPythonProcess()
    {
        var venv = _dir.Combine("built");

        var created = await VenvBuilder.CreateUnloggedAsync(Options(SystemPython, systemSitePackages: false), venv, withPip: false, _ => { }, CancellationToken.None);

        // The venv module writes a `command` line; the written venv has none.
        Assert.DoesNotContain("command", File.ReadAllText(Path.Combine(venv, "pyvenv.cfg")), StringComparison.Ordinal);
        Assert.Equal(venv, created.Path);
        Assert.Equal(venv, (await RunAsync(VenvBuilder.Interpreter(venv), "-c", "import sys; print(sys.prefix)")).Trim());
    }

    public void Dispose() => _dir.Dispose();

    private static PythonOptions Options(string interpreter, bool systemSitePackages) => new()
    {
        Interpreter = interpreter,
        SystemSitePackages = systemSitePackages,
        WheelhouseOffline = false,
        InstallTimeout = TimeSpan.FromMinutes(1),
        MinFreeMemoryMb = 0,
    };

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        return await output;
    }
}
