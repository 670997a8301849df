using System.Net;
using Par.Api.Lifecycle;
using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

/// <summary>
/// Inline socket completions (issue 21): on by default in the real process, left as the environment says otherwise.
/// .NET runs one socket engine thread (".NET Sockets") per CPU when completions are inline, else one per 30 CPUs,
/// so the engine threads of a running PAR show which mode its sockets are in.
/// </summary>
public sealed class SocketCompletionsTests
{
    [Fact]
    public void Unset_SetToOne()
    {
        var environment = new Dictionary<string, string?>();

        SocketCompletions.Apply(environment, (name, value) => environment[name] = value);

        Assert.Equal("1", environment[SocketCompletions.Variable]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("")]
    public void AlreadySet_LeftAsItIs(string given)
    {
        var environment = new Dictionary<string, string?> { [SocketCompletions.Variable] = given };

        SocketCompletions.Apply(environment, (_, _) => Assert.Fail("written"));
        Assert.Equal(given, environment[SocketCompletions.Variable]);
    }

    [Fact]
    public async Task RunningPar_InlineByDefault_DotNetsDefaultWithZero()
    {
        using var dir = new TempDirectory();
        await using var inline = RuntimeProcess.Start(RuntimeProcess.Defaults().Package(TestPackages.Minimal(dir)));
        await using var dispatched = RuntimeProcess.Start(RuntimeProcess.Defaults()
            .Package(TestPackages.Minimal(dir, "other"))
            .With(SocketCompletions.Variable, "0"));
        await inline.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(90));
        await dispatched.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(90));

        Assert.Equal(Environment.ProcessorCount, ProcessTable.ThreadNames(inline.Process.Pid).Count(n => n == ".NET Sockets"));
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 30), ProcessTable.ThreadNames(dispatched.Process.Pid).Count(n => n == ".NET Sockets"));
    }
}
