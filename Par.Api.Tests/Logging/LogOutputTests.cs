using System.Text;
using Par.Api.Logging;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Logging;

/// <summary>PAR's log output: lines batched into one write, in order, whole, and never a failure for the code that logs.</summary>
public sealed class LogOutputTests
{
    private static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;

    [Fact]
    public void Append_BelowError_PendingUntilFlushedThenOneWriteInOrder()
    {
        var stream = new RecordingStream();
        using var output = new LogOutput(stream, delay: Never);

        output.Append(new StringBuilder("first\n"), urgent: false);
        output.Append(new StringBuilder("é second\n"), urgent: false);
        var before = stream.Text;
        output.Flush();

        Assert.Equal(string.Empty, before);
        Assert.Equal("first\né second\n", stream.Text);
        Assert.Equal(1, stream.Writes);
    }

    [Fact]
    public void Append_Utf8Lines_InOrderWithTheOthers()
    {
        var stream = new RecordingStream();
        using var output = new LogOutput(stream, delay: Never);

        output.Append(new StringBuilder("first\n"), urgent: false);
        output.Append("\u00e9 second\n"u8, urgent: false);
        output.Append(new StringBuilder("third\n"), urgent: false);
        output.Flush();

        Assert.Equal("first\n\u00e9 second\nthird\n", stream.Text);
        Assert.Equal(1, stream.Writes);
    }

    [Fact]
    public void Append_Utf8PastMaxPending_TheAppenderWritesIt()
    {
        var stream = new RecordingStream();
        using var output = new LogOutput(stream, delay: Never);
        var line = Encoding.UTF8.GetBytes(new string('x', 1023) + "\n");

        for (var i = 0; i < LogOutput.MaxPending / 1024; i++)
        {
            output.Append(line, urgent: false);
        }

        Assert.Equal(LogOutput.MaxPending, stream.Text.Length);
    }

    [Fact]
    public async Task Append_Urgent_WrittenWithoutTheDelayWithWhatWasPending()
    {
        var stream = new RecordingStream();
        using var output = new LogOutput(stream, delay: Never);

        output.Append(new StringBuilder("info\n"), urgent: false);
        output.Append(new StringBuilder("error\n"), urgent: true);

        await Poll.UntilAsync(() => stream.Text == "info\nerror\n", TimeSpan.FromSeconds(10), "the urgent line is written", () => stream.Text);
    }

    [Fact]
    public void Append_PastMaxPending_TheAppenderWritesIt()
    {
        var stream = new RecordingStream();
        using var output = new LogOutput(stream, delay: Never);
        var line = new StringBuilder(new string('x', 1023) + "\n");

        for (var i = 0; i < LogOutput.MaxPending / 1024; i++)
        {
            output.Append(line, urgent: false);
        }

        Assert.Equal(LogOutput.MaxPending, stream.Text.Length);
    }

    [Fact]
    public async Task Append_DefaultDelay_WrittenWithoutAFlush()
    {
        var stream = new RecordingStream();
        using var output = new LogOutput(stream);

        output.Append(new StringBuilder("soon\n"), urgent: false);

        await Poll.UntilAsync(() => stream.Text == "soon\n", TimeSpan.FromSeconds(10), "the timer writes the line", () => stream.Text);
    }

    [Fact]
    public void Dispose_WritesWhatIsPendingAndLaterLinesAtOnce()
    {
        var stream = new RecordingStream();
        var output = new LogOutput(stream, delay: Never);
        output.Append(new StringBuilder("pending\n"), urgent: false);

        output.Dispose();
        output.Append(new StringBuilder("late\n"), urgent: false);

        Assert.Equal("pending\nlate\n", stream.Text);
    }

    [Fact]
    public void Append_StreamFails_NeitherAppendNorFlushThrowsAndLaterLinesAreDropped()
    {
        var stream = new RecordingStream { Fail = true };
        using var output = new LogOutput(stream, delay: Never);

        output.Append(new StringBuilder("lost\n"), urgent: false);
        output.Flush();
        stream.Fail = false;
        output.Append(new StringBuilder("after\n"), urgent: false);
        output.Flush();

        Assert.Equal(string.Empty, stream.Text);
        Assert.Equal(1, stream.Writes);
    }

    [Fact]
    public async Task Append_ManyThreads_EveryLineOnceWholeAndInEachThreadsOrder()
    {
        var stream = new RecordingStream();
        var output = new LogOutput(stream);
        const int threads = 8, lines = 2000;

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            var line = new StringBuilder();
            for (var i = 0; i < lines; i++)
            {
                line.Clear().Append("thread ").Append(t).Append(" line ").Append(i).Append(' ', i % 200).Append('\n');
                output.Append(line, urgent: i % 500 == 0);
            }
        })));
        output.Dispose();

        var written = stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(threads * lines, written.Length);
        for (var t = 0; t < threads; t++)
        {
            var own = written.Where(l => l.StartsWith($"thread {t} ", StringComparison.Ordinal)).Select(l => l.TrimEnd()).ToList();
            Assert.Equal(Enumerable.Range(0, lines).Select(i => $"thread {t} line {i}"), own);
        }
    }

    /// <summary>A stream that keeps what is written to it, safely read while written; it can fail every write.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _bytes = new();

        public bool Fail { get; set; }

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_bytes)
                {
                    return Encoding.UTF8.GetString(_bytes.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_bytes)
            {
                Writes++;
                if (Fail)
                {
                    throw new IOException("Broken pipe");
                }

                _bytes.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
