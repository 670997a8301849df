using System.Text.RegularExpressions;

namespace Par.Api.Agents.Runtimes.Python;

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
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Distinct().Order(VersionOrder.Instance).ToList());
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

    [GeneratedRegex(@"\d+|\D+")]
    private static partial Regex VersionParts();

    /// <summary>Numbers compared as numbers, so 1.10.0 lists after 1.9.0 (display only; pip does its own PEP 440 ordering).</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var left = VersionParts().Matches(x ?? string.Empty);
            var right = VersionParts().Matches(y ?? string.Empty);
            for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
            {
                var (a, b) = (left[i].Value, right[i].Value);
                var order = char.IsAsciiDigit(a[0]) && char.IsAsciiDigit(b[0]) ? CompareNumbers(a, b) : string.CompareOrdinal(a, b);
                if (order != 0)
                {
                    return order;
                }
            }

            return left.Count.CompareTo(right.Count);
        }

        /// <summary>Digit runs of any length: fewer significant digits is smaller, else they compare as text.</summary>
        private static int CompareNumbers(string a, string b)
        {
            var (x, y) = (a.TrimStart('0'), b.TrimStart('0'));
            return x.Length != y.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y);
        }
    }
}
