using Par.Api.Agents.Runtimes.Python;

namespace Par.Api.Tests.Agents.Runtimes.Python;

public sealed class TracebackGrouperTests
{
    [Fact]
    public void Feed_WorkerHeaderAndChainedTraceback_OneEntryThenLinesPassThrough()
    {
        string[] stderr =
        [
            "loading",
            "par_worker: action 'fail' raised:",
            "Traceback (most recent call last):",
            "  File \"/pkg/a.py\", line 3, in fail",
            "    raise KeyError('x')",
            "KeyError: 'x'",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            "  File \"/pkg/a.py\", line 5, in fail",
            "    raise RuntimeError('sample failure')",
            "    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
            "RuntimeError: sample failure",
            "",
            "after",
        ];
        var (lines, tracebacks) = Run(stderr);

        Assert.Equal(["loading", "after"], lines);
        var (error, text) = Assert.Single(tracebacks);
        Assert.Equal("RuntimeError: sample failure", error);
        Assert.Equal(string.Join('\n', stderr[1..^2]), text);
    }

    [Fact]
    public void Feed_HeaderWithoutTraceback_PassesThroughAsALine()
    {
        var (lines, tracebacks) = Run(["par_worker: listening on:", "ready"]);

        Assert.Equal(["par_worker: listening on:", "ready"], lines);
        Assert.Empty(tracebacks);
    }

    [Fact]
    public void Flush_TracebackStillOpen_EmittedWhole()
    {
        var (lines, tracebacks) = Run(["Traceback (most recent call last):", "  File \"x.py\", line 1, in <module>", "ValueError: bad"], flush: true);

        Assert.Empty(lines);
        Assert.Equal("ValueError: bad", Assert.Single(tracebacks).Error);
    }

    [Fact]
    public void Feed_AfterDispose_DoesNotThrowAndEmitsNothing()
    {
        List<string> lines = [];
        List<(string, string)> tracebacks = [];
        var grouper = new TracebackGrouper(lines.Add, (e, t) => tracebacks.Add((e, t)));
        grouper.Dispose();

        // The stderr reader thread may still deliver lines after the worker disposed the grouper.
        grouper.Feed("Traceback (most recent call last):");
        grouper.Feed("  File \"x.py\", line 1, in <module>");
        grouper.Flush();
        grouper.Dispose();

        Assert.Empty(lines);
        Assert.Empty(tracebacks);
    }

    private static (List<string> Lines, List<(string Error, string Text)> Tracebacks) Run(string[] stderr, bool flush = false)
    {
        List<string> lines = [];
        List<(string, string)> tracebacks = [];
        using (var grouper = new TracebackGrouper(lines.Add, (e, t) => tracebacks.Add((e, t)), Timeout.InfiniteTimeSpan))
        {
            foreach (var line in stderr)
            {
                grouper.Feed(line);
            }

            if (flush)
            {
                grouper.Flush();
            }
        }

        return (lines, tracebacks);
    }
}
