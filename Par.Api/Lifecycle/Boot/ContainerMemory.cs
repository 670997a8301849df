using System.Globalization;

namespace Par.Api.Lifecycle.Boot;

/// <summary>Memory figures of the process and, where there is a cgroup v2 limit, of the container.</summary>
internal sealed record MemoryReading(long ProcessBytes, long? LimitBytes, long? UsageBytes, long? AvailableBytes);

internal static class ContainerMemory
{
    private const string CgroupRoot = "/sys/fs/cgroup";

    public static MemoryReading Read(string cgroupRoot = CgroupRoot, string meminfo = "/proc/meminfo")
    {
        var process = Environment.WorkingSet;
        var limit = ReadNumber(Path.Combine(cgroupRoot, "memory.max"));
        var usage = ReadNumber(Path.Combine(cgroupRoot, "memory.current"));
        long? available = limit is { } l && usage is { } u ? Math.Max(0, l - u) : MemAvailable(meminfo);
        return new MemoryReading(process, limit, usage, available);
    }

    /// <summary>A cgroup file's number; null when the file is missing or says "max" (no limit).</summary>
    private static long? ReadNumber(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? MemAvailable(string meminfo)
    {
        try
        {
            var line = File.ReadLines(meminfo).FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kb is null ? null : long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
