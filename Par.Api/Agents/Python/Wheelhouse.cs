using System.Text.RegularExpressions;

namespace Par.Api.Agents.Python;

/// <summary>What WHEELHOUSE_DIR holds: wheels grouped by distribution name, normalised as pip does.</summary>
internal sealed record WheelhouseInfo(
    string Directory,
    bool Readable,
    int WheelCount,
    long TotalBytes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Packages);

/// <summary>A folder of wheels given to pip with --find-links.</summary>
internal static partial class Wheelhouse
{
    public static WheelhouseInfo Describe(string directory)
    {
        if (!IsReadable(directory))
        {
            return new WheelhouseInfo(directory, false, 0, 0, new Dictionary<string, IReadOnlyList<string>>());
        }

        var wheels = new DirectoryInfo(directory).GetFiles("*.whl");
        var packages = wheels
            .Select(w => w.Name.Split('-'))
            .Where(parts => parts.Length >= 5)
            .GroupBy(parts => NormalizeName(parts[0]), parts => parts[1])
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Distinct().Order(StringComparer.Ordinal).ToList());
        return new WheelhouseInfo(directory, true, wheels.Length, wheels.Sum(w => w.Length), packages);
    }

    /// <summary>Deletes only the *.whl files; returns how many.</summary>
    public static int Clear(string directory)
    {
        var wheels = Directory.GetFiles(directory, "*.whl");
        foreach (var wheel in wheels)
        {
            File.Delete(wheel);
        }

        return wheels.Length;
    }

    /// <summary>PEP 503 normalisation, as pip compares names: lower case, runs of '-', '_' and '.' become '-'.</summary>
    public static string NormalizeName(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    public static bool IsReadable(string directory)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(directory).FirstOrDefault();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
