using System.Globalization;
using System.Text;
using Par.Api.Logging;

namespace Par.Api.Tests.Logging;

public sealed class LogTimestampTests
{
    public static TheoryData<DateTime> Instants() =>
    [
        new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        new DateTime(2026, 12, 3, 13, 15, 53, 235, DateTimeKind.Utc),
        new DateTime(2028, 2, 29, 23, 59, 59, 999, DateTimeKind.Utc),
        new DateTime(999, 7, 4, 9, 5, 1, 7, DateTimeKind.Utc),
        DateTime.MaxValue,
    ];

    [Theory]
    [MemberData(nameof(Instants))]
    public void Write_MatchesTheIsoFormatToTheMillisecond(DateTime instant)
    {
        Assert.Equal(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), Format(instant));
    }

    [Fact]
    public void Write_RandomInstants_MatchTheIsoFormat()
    {
        var random = new Random(17);
        for (var i = 0; i < 10_000; i++)
        {
            var instant = new DateTime(random.NextInt64(DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            Assert.Equal(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), Format(instant));
        }
    }

    [Fact]
    public void Write_TouchesOnlyItsLength()
    {
        var buffer = new byte[LogTimestamp.Length + 2];
        buffer.AsSpan().Fill((byte)'#');

        LogTimestamp.Write(new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc), buffer);

        Assert.Equal("2026-01-02T03:04:05.006Z##", Encoding.ASCII.GetString(buffer));
    }

    private static string Format(DateTime instant)
    {
        Span<byte> bytes = stackalloc byte[LogTimestamp.Length];
        LogTimestamp.Write(instant, bytes);
        return Encoding.ASCII.GetString(bytes);
    }
}
