using System.Net;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>
/// A package that declares only an entrypoint (pixell-sdk's task consumers): the worker runs it as the agent's
/// long-running task; ready once it has started; its end, by return or by exception, is the worker's death (70).
/// </summary>
public sealed class EntrypointOnlyTests
{
    [Fact]
    public async Task EntrypointOnly_TaskRunning_ReadyAndTheTaskRuns()
    {
        using var dir = new TempDirectory("pixell-task");
        var marker = dir.Combine("consumed");
        var project = PixellAgents.TaskConsumer("consumer", marker, """
                with open(MARKER, "w") as f:
                    f.write("consuming")
                while True:
                    await asyncio.sleep(3600)
            """);
        var apkg = PixellSdkBuild.Build(project, dir.Combine("c.apkg"));
        await using var par = await PixellRuntime.StartReadyAsync(apkg, ownSession: true);

        await PixellRuntime.WaitForFileAsync(marker);
        var health = await par.Rest.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("consuming", await File.ReadAllTextAsync(marker));
        Assert.True(par.Process.SignalProcessGroup(Signals.Term));
        Assert.Equal(0, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task EntrypointOnly_TaskReturns_WorkerEndsAndParExits70()
    {
        using var dir = new TempDirectory("pixell-task");
        var marker = dir.Combine("stop");
        var project = PixellAgents.TaskConsumer("consumer", marker, """
                while not os.path.exists(MARKER):
                    await asyncio.sleep(0.05)
            """);
        var apkg = PixellSdkBuild.Build(project, dir.Combine("c.apkg"));
        await using var par = await PixellRuntime.StartReadyAsync(apkg);

        await File.WriteAllTextAsync(marker, "stop");
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(70, code);
        Assert.Contains("the entrypoint task 'src.consumer:main' returned", par.Process.Stdout);
        Assert.Contains("exited unexpectedly with code 4", par.Process.Stdout);
    }

    [Fact]
    public async Task EntrypointOnly_TaskRaisesAtStart_BootFails70WithTheError()
    {
        using var dir = new TempDirectory("pixell-task");
        var project = PixellAgents.TaskConsumer("consumer", dir.Combine("unused"), "    raise RuntimeError(\"redis is unreachable\")");
        await using var par = PixellRuntime.Start(PixellSdkBuild.Build(project, dir.Combine("c.apkg")));

        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(70, code);
        Assert.Contains("entrypoint task 'src.consumer:main' failed as it started: RuntimeError: redis is unreachable", par.Process.Stdout);
    }

    [Fact]
    public async Task EntrypointOnly_FunctionNeedsArguments_BootFails70NamingIt()
    {
        using var dir = new TempDirectory("pixell-task");
        var project = PixellAgents.TaskConsumer("consumer", dir.Combine("unused"), "    pass", entrypoint: "src.consumer:handle_task");
        await using var par = PixellRuntime.Start(PixellSdkBuild.Build(project, dir.Combine("c.apkg")));

        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(70, code);
        Assert.Contains("entrypoint 'src.consumer:handle_task' is the package's only surface", par.Process.Stdout);
        Assert.Contains("needs arguments (ctx, payload)", par.Process.Stdout);
    }
}
