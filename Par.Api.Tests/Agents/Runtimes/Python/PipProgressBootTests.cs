using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// A real pip, offline from a wheelhouse, held mid-install: the package's requirements name the wheelhouse's wheel and a
/// local project whose in-tree build backend builds its wheel only once the test lets it. While it is held, /ready
/// names the step and pip's counts, and the heartbeat log says the same.
/// </summary>
public sealed class PipProgressBootTests
{
    private static readonly TimeSpan PipBoot = TimeSpan.FromSeconds(180);

    private const string Agent = """
        import holdpkg
        import par_test_wheel


        def create_service():
            return {"custom_handlers": {"greet": lambda params: par_test_wheel.GREETING + " and " + holdpkg.HELD}}
        """;

    [Fact]
    public async Task Install_HeldWhileBuilding_ReadyShowsPipStepAndCounts_LogsHeartbeatAndStepEnds()
    {
        using var dir = new TempDirectory();
        var release = dir.Combine("release");
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("held-pip"),
            ("requirements.txt", "par-test-wheel==1.0.0\n./holdpkg\n"),
            ("agent_main.py", Agent),
            ("holdpkg/pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"held_backend\"\nbackend-path = [\".\"]\n"),
            ("holdpkg/held_backend.py", HeldBackend(release)));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WheelhouseDir] = PipInstallTests.BuildWheelhouse(dir),
            [EnvNames.WheelhouseOffline] = "true",
            [EnvNames.LogLevel] = "Information",
        });

        // pip builds the local project's wheel after resolving, so both distributions are collected when it is held.
        var held = await Poll.ForAsync(
            async () => await HeldBodyAsync(host),
            PipBoot,
            "/ready shows pip holding in the build of holdpkg",
            () => host.State.Current.Phase);
        await Poll.UntilAsync(() => HeldBeat(host) is not null, TimeSpan.FromSeconds(30), "a heartbeat while pip is held");
        var (healthStatus, health) = await host.GetJsonAsync("/health");
        File.WriteAllText(release, "go");
        var snapshot = await host.WaitForBootAsync(PipBoot);

        Assert.Equal("install", held.GetProperty("phase").GetString());
        var progress = held.GetProperty("progress");
        Assert.Equal(2, progress.GetProperty("collected").GetInt32());
        Assert.Equal(0, progress.GetProperty("installing").GetInt32());
        Assert.Equal(0, progress.GetProperty("installed").GetInt32());
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, healthStatus);
        Assert.Equal("pip install", health.GetProperty("step").GetString());
        Assert.Equal(2, health.GetProperty("progress").GetProperty("collected").GetInt32());

        var beat = HeldBeat(host)!;
        Assert.Equal(2, beat.Fields["Collected"]);
        Assert.Equal(0, beat.Fields["Installed"]);

        Assert.True(snapshot.IsReady, snapshot.Error);
        var ends = host.Logs.Named("agent.install.step_completed").ToDictionary(e => (string)e.Fields["Step"]!);
        Assert.Equal(["create venv", "pip install"], ends.Keys.Order());
        Assert.Equal(2, ends["pip install"].Fields["collected"]);
        Assert.Equal(2, ends["pip install"].Fields["installing"]);
        Assert.Equal(2, ends["pip install"].Fields["installed"]);
        Assert.Null(ends["create venv"].Fields["collected"]);
        var (_, ready) = await host.GetJsonAsync("/ready");
        Assert.False(ready.TryGetProperty("step", out _));
        Assert.False(ready.TryGetProperty("progress", out _));
        var result = await host.InvokeAsync("greet");
        Assert.True(result.Success, result.Error);
        Assert.Equal("from the wheelhouse and built", result.Result);
    }

    /// <summary>The last line pip writes before the backend holds it.</summary>
    private const string HeldLine = "Building wheel for holdpkg";

    /// <summary>The first agent.install.progress while pip is held; null before.</summary>
    private static CapturedLog? HeldBeat(ParTestHost host) =>
        host.Logs.Named("agent.install.progress").FirstOrDefault(e => ((string?)e.Fields["Detail"])?.StartsWith(HeldLine, StringComparison.Ordinal) == true);

    /// <summary>/ready's body once it shows the step "pip install" at the line pip is held on; null before.</summary>
    private static async Task<JsonElement?> HeldBodyAsync(ParTestHost host)
    {
        var (_, body) = await host.GetJsonAsync("/ready");
        return body.TryGetProperty("step", out var step) && step.GetString() == "pip install"
            && body.TryGetProperty("progress", out var progress)
            && progress.TryGetProperty("detail", out var detail) && detail.GetString()!.StartsWith(HeldLine, StringComparison.Ordinal)
            ? body
            : null;
    }

    /// <summary>
    /// A PEP 517 backend for holdpkg 1.0: metadata at once (so pip resolves everything first), the wheel only once
    /// <paramref name="release"/> exists.
    /// </summary>
    private static string HeldBackend(string release) => $$"""
        import base64
        import hashlib
        import os
        import time
        import zipfile

        RELEASE = {{JsonSerializer.Serialize(release)}}
        NAME = "holdpkg-1.0"
        FILES = {
            "holdpkg.py": b"HELD = 'built'\n",
            NAME + ".dist-info/METADATA": b"Metadata-Version: 2.1\nName: holdpkg\nVersion: 1.0\n",
            NAME + ".dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: held\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        }


        def get_requires_for_build_wheel(config_settings=None):
            return []


        def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
            info = os.path.join(metadata_directory, NAME + ".dist-info")
            os.makedirs(info)
            for name in ("METADATA", "WHEEL"):
                with open(os.path.join(info, name), "wb") as f:
                    f.write(FILES[NAME + ".dist-info/" + name])
            return NAME + ".dist-info"


        def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
            while not os.path.exists(RELEASE):
                time.sleep(0.05)
            wheel = NAME + "-py3-none-any.whl"
            record = []
            with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w") as z:
                for name, data in FILES.items():
                    z.writestr(name, data)
                    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                    record.append(name + ",sha256=" + digest + "," + str(len(data)))
                record.append(NAME + ".dist-info/RECORD,,")
                z.writestr(NAME + ".dist-info/RECORD", "\n".join(record) + "\n")
            return wheel
        """;
}
