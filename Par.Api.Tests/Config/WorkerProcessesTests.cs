using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using static Par.Api.Tests.Config.ConfigTestEnv;

namespace Par.Api.Tests.Config;

/// <summary>WORKER_PROCESSES: 1 to 32 or auto (the CPUs the cgroup allows); anything else is refused with 78 naming it.</summary>
public sealed class WorkerProcessesTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData("1", 1)]
    [InlineData("2", 2)]
    [InlineData("32", 32)]
    public void WorkerProcesses_Number_Bound(string? value, int expected)
    {
        var result = Load((EnvNames.WorkerProcesses, value));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(expected, result.Options!.Agent.WorkerProcesses);
    }

    [Fact]
    public void WorkerProcesses_Auto_ResolvesToTheCpusThisProcessMayUse()
    {
        var result = Load((EnvNames.WorkerProcesses, "auto"));

        Assert.Equal(CpuLimit.Cpus("/sys/fs/cgroup/cpu.max", Environment.ProcessorCount), result.Options!.Agent.WorkerProcesses);
    }

    [Theory]
    [InlineData("150000 100000", 8, 2)] // 1.5 CPUs: rounded up
    [InlineData("100000 100000", 8, 1)]
    [InlineData("400000 100000", 2, 2)] // a quota above the processors: the processors
    [InlineData("max 100000", 4, 4)] // unlimited
    [InlineData("garbage", 3, 3)]
    [InlineData("100000000 1000", 64, 32)] // capped at the schema's maximum
    public void Cpus_FromCgroupCpuMax(string cpuMax, int processors, int expected)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("cpu.max", cpuMax + "\n");

        Assert.Equal(expected, CpuLimit.Cpus(file, processors));
    }

    [Fact]
    public void Cpus_NoCgroupFile_TheProcessorCount()
    {
        using var dir = new TempDirectory();

        Assert.Equal(3, CpuLimit.Cpus(dir.Combine("cpu.max"), 3));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("many")]
    [InlineData("33")]
    [InlineData("100000000000000000000")]
    [InlineData("AUTO2")]
    public void WorkerProcesses_BadValue_RejectedNamingTheVariable(string value)
    {
        var error = Assert.Single(ErrorsFor(Load((EnvNames.WorkerProcesses, value)), EnvNames.WorkerProcesses));

        Assert.Contains("must be a whole number from 1 to 32, or auto", error.Rule);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("many")]
    [InlineData("100000000000000000000")]
    public async Task Run_BadWorkerProcesses_Exits78NamingIt(string value)
    {
        using var work = new TempDirectory();
        await using var par = ParProcess.Start(ParEnvironment.For("agent-1")
            .FreePorts()
            .Package(work.Path)
            .WorkDirAt(work.Combine("work"))
            .With(EnvNames.WorkerProcesses, value));

        await BootFailure.AssertExitAsync(par, 78, inStderr: $"WORKER_PROCESSES=\"{value}\": must be a whole number from 1 to 32, or auto", timeout: TimeSpan.FromSeconds(30));
    }
}
