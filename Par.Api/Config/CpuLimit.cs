using System.Globalization;

namespace Par.Api.Config;

/// <summary>WORKER_PROCESSES=auto: the CPUs the cgroup allows (cgroup v2 cpu.max quota / period), else the processor count.</summary>
internal static class CpuLimit
{
    /// <summary>The largest WORKER_PROCESSES the schema admits; auto never resolves above it.</summary>
    public const int MaxWorkers = 32;

    private const string CgroupCpuMax = "/sys/fs/cgroup/cpu.max";

    /// <summary>The validated value (a number, auto, or unset meaning 1) as a worker count.</summary>
    public static int WorkerProcesses(string? value) => value switch
    {
        null => 1,
        "auto" => Cpus(CgroupCpuMax, Environment.ProcessorCount),
        _ => int.Parse(value, CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The whole CPUs a cpu.max file ("max 100000" or "150000 100000") allows, rounded up and capped at
    /// <paramref name="processors"/>; <paramref name="processors"/> when the file is missing, unlimited or unreadable.
    /// </summary>
    public static int Cpus(string cpuMaxFile, int processors)
    {
        var cpus = processors;
        try
        {
            var fields = File.ReadAllText(cpuMaxFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length == 2
                && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var quota)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var period)
                && quota > 0 && period > 0)
            {
                cpus = (int)Math.Min(processors, (quota + period - 1) / period);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no cgroup v2 file here: the processor count stands
        }

        return Math.Clamp(cpus, 1, MaxWorkers);
    }
}
