namespace Par.Api.Logging;

/// <summary>
/// A log line's timestamp in UTF-8, "2026-12-03T13:15:53.235Z", written digit by digit: a custom format string is
/// parsed again at every call, which was ~1% of PAR's CPU per Invoke with the access log on (bench/notes.md, issue 21).
/// </summary>
internal static class LogTimestamp
{
    public const int Length = 24;

    /// <summary>Writes <paramref name="utc"/> (UTC) into the first <see cref="Length"/> bytes of <paramref name="into"/>.</summary>
    public static void Write(DateTime utc, Span<byte> into)
    {
        into = into[..Length];
        Digits(into[..4], utc.Year);
        into[4] = (byte)'-';
        Digits(into.Slice(5, 2), utc.Month);
        into[7] = (byte)'-';
        Digits(into.Slice(8, 2), utc.Day);
        into[10] = (byte)'T';
        Digits(into.Slice(11, 2), utc.Hour);
        into[13] = (byte)':';
        Digits(into.Slice(14, 2), utc.Minute);
        into[16] = (byte)':';
        Digits(into.Slice(17, 2), utc.Second);
        into[19] = (byte)'.';
        Digits(into.Slice(20, 3), utc.Millisecond);
        into[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
