namespace Par.Api.Tests.Packages.Download;

/// <summary>
/// A body of <c>reads</c> chunks of <c>chunk</c> bytes (zeros) that calls <c>onRead</c> at every read, the last one
/// (the end of the body) too: a fake clock moved forward as a slow network would, or a look at what the reader has
/// reported so far.
/// </summary>
internal sealed class ChunkedStream(int reads, int chunk, Action onRead) : Stream
{
    private int _left = reads;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        onRead();
        return ValueTask.FromResult(_left-- > 0 ? Math.Min(chunk, buffer.Length) : 0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
