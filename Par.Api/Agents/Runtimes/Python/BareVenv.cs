using System.Text.RegularExpressions;
using Par.Api.Config;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// A venv without pip laid out the way <c>python -m venv --without-pip</c> lays it out on Linux (pyvenv.cfg, the
/// interpreter links, an empty site-packages, lib64 → lib), written directly instead of by a Python process: a
/// bare venv is nothing but these files, and starting an interpreter only to write them cost a third of the
/// Python side of a boot. Only when PYTHON resolves to a real interpreter binary whose name gives its version
/// (python3.11, as every CPython install has); anything else (a pyenv shim, a wrapper script) returns false and the
/// venv module makes the venv as before. BareVenvTests compares both layouts' sys.path through a real interpreter.
/// </summary>
internal static partial class BareVenv
{
    /// <summary>Writes the venv at <paramref name="venv"/> (which must not exist); false when PYTHON is not a plain CPython binary.</summary>
    /// <param name="python">PYTHON and VENV_SYSTEM_SITE_PACKAGES.</param>
    /// <param name="venv">The venv's directory.</param>
    public static bool TryCreate(PythonOptions python, string venv)
    {
        if (Resolve(python.Interpreter) is not { } binary || VersionOf(binary) is not { } version)
        {
            return false;
        }

        var bin = Path.Combine(venv, "bin");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(Path.Combine(venv, "include"));
        Directory.CreateDirectory(Path.Combine(venv, "lib", $"python{version}", "site-packages"));
        File.CreateSymbolicLink(Path.Combine(venv, "lib64"), "lib");
        File.CreateSymbolicLink(Path.Combine(bin, "python3"), binary);
        File.CreateSymbolicLink(Path.Combine(bin, "python"), "python3");
        File.CreateSymbolicLink(Path.Combine(bin, $"python{version}"), "python3");
        var system = python.SystemSitePackages ? "true" : "false";
        File.WriteAllText(
            Path.Combine(venv, "pyvenv.cfg"),
            $"home = {Path.GetDirectoryName(binary)}\ninclude-system-site-packages = {system}\nversion = {version}\nexecutable = {binary}\n");
        return true;
    }

    /// <summary>The interpreter's binary with every link followed, when it is an ELF file (not a script); else null.</summary>
    private static string? Resolve(string interpreter)
    {
        var path = interpreter.Contains('/') ? Path.GetFullPath(interpreter) : OnPath(interpreter);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var binary = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
            Span<byte> magic = stackalloc byte[4];
            using var file = File.OpenRead(binary);
            return file.Read(magic) == 4 && magic.SequenceEqual("\u007fELF"u8) ? binary : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the venv module meets the same interpreter and says what is wrong with it
        }
    }

    private static string? OnPath(string name) =>
        (EnvSnapshot.Inherited().GetValueOrDefault("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string? VersionOf(string binary) =>
        InterpreterName().Match(Path.GetFileName(binary)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^python(3\.[0-9]+)$")]
    private static partial Regex InterpreterName();
}
