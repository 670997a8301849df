using System.Text.RegularExpressions;

namespace Par.Api.Agents.Manifest;

/// <summary>A Python handler named in the manifest: "module:function" (or the older exports form "module.function").</summary>
internal sealed partial record HandlerReference(string Module, string Member)
{
    /// <summary>Parses "module:member"; with <paramref name="lastDotSplits"/> the older "module.member" is accepted too.</summary>
    public static HandlerReference? Parse(string text, bool lastDotSplits = false)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var split = colon >= 0 ? colon : lastDotSplits ? text.LastIndexOf('.') : -1;
        if (split <= 0 || split == text.Length - 1)
        {
            return null;
        }

        var reference = new HandlerReference(text[..split], text[(split + 1)..]);
        return DottedName().IsMatch(reference.Module) && DottedName().IsMatch(reference.Member) ? reference : null;
    }

    /// <summary>The module's file relative to the package root, as the worker will import it (the root is on sys.path).</summary>
    public string ModuleFile => Module.Replace('.', '/') + ".py";

    public bool ExistsIn(string packageDirectory)
    {
        var path = Path.Combine(packageDirectory, Module.Replace('.', Path.DirectorySeparatorChar));
        return File.Exists(path + ".py") || File.Exists(Path.Combine(path, "__init__.py"));
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex DottedName();
}
