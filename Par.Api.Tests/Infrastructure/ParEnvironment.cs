using System.Globalization;
using Par.Api.Config;

namespace Par.Api.Tests.Infrastructure;

/// <summary>
/// The one builder of a test's PAR environment (what the process or the configuration loader reads), fluent:
/// <c>ParEnvironment.Listening().Package(p).With(EnvNames.X, "1")</c>. A null value leaves the variable unset.
/// </summary>
internal sealed class ParEnvironment
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private string? _freshWorkDir;

    private ParEnvironment(string agentAppId) => _values[EnvNames.AgentAppId] = agentAppId;

    /// <summary>AGENT_APP_ID alone: every other variable at its schema default unless the test sets it.</summary>
    public static ParEnvironment For(string agentAppId = "test-agent") => new(agentAppId);

    /// <summary>
    /// A runtime that listens: free REST, A2A and UI ports, a work dir of its own under the temp dir (not created),
    /// no backoff after a failed boot.
    /// </summary>
    public static ParEnvironment Listening(string agentAppId = "test-agent", string workDirPrefix = "par-work") =>
        For(agentAppId).FreePorts().FreshWorkDir(workDirPrefix).With(EnvNames.BootFailureBackoffSec, "0");

    /// <summary>For one boot phase on its own: a work dir the test owns, a package path the phase does not read.</summary>
    public static ParEnvironment ForPhase(string workDir) =>
        For().Package(Path.Combine(workDir, "unused.apkg")).WorkDirAt(workDir);

    public string? this[string name] => _values.GetValueOrDefault(name);

    public string WorkDir => this[EnvNames.ParWorkDir] ?? throw new InvalidOperationException("no PAR_WORK_DIR set");

    /// <summary>Whether PAR_WORK_DIR is the one <see cref="FreshWorkDir"/> made up (the test's to delete), not one the test chose.</summary>
    public bool WorkDirIsFresh => _freshWorkDir is not null && _freshWorkDir == this[EnvNames.ParWorkDir];

    public int RestPort => Port(EnvNames.RestPort);

    public int A2aPort => Port(EnvNames.A2aPort);

    public ParEnvironment With(string name, string? value)
    {
        _values[name] = value;
        return this;
    }

    public ParEnvironment With(string name, int value) => With(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The test's own variables, over the defaults.</summary>
    public ParEnvironment With(IEnumerable<KeyValuePair<string, string?>>? values)
    {
        foreach (var (name, value) in values ?? [])
        {
            _values[name] = value;
        }

        return this;
    }

    public ParEnvironment Package(string path) => With(EnvNames.AgentPackagePath, path);

    public ParEnvironment WorkDirAt(string path) => With(EnvNames.ParWorkDir, path);

    public ParEnvironment FreshWorkDir(string prefix = "par-work")
    {
        _freshWorkDir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        return WorkDirAt(_freshWorkDir);
    }

    public ParEnvironment FreePorts() =>
        With(EnvNames.RestPort, TestPorts.Next()).With(EnvNames.A2aPort, TestPorts.Next()).With(EnvNames.UiPort, TestPorts.Next());

    public ParEnvironment BackoffSeconds(int seconds) => With(EnvNames.BootFailureBackoffSec, seconds);

    /// <summary>The variables, as a process or <see cref="ConfigLoader"/> takes them.</summary>
    public Dictionary<string, string?> Build() => new(_values, StringComparer.Ordinal);

    /// <summary>Through the real configuration code, valid or not.</summary>
    public ConfigResult Load() => ConfigLoader.Load(Build());

    /// <summary>Through the real configuration code; a test environment that is invalid fails the test at once.</summary>
    public ParOptions Options()
    {
        var config = Load();
        return config.Options ?? throw new InvalidOperationException("test configuration invalid: " + string.Join("; ", config.Errors));
    }

    private int Port(string variable) =>
        int.Parse(this[variable] ?? throw new InvalidOperationException($"no {variable} set"), CultureInfo.InvariantCulture);
}
