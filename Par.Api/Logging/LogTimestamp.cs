namespace Par.Api.Logging;

/// <summary>
/// A log line's timestamp in UTF-8, "2026-12-03T13:15:53.235Z": the round-trip format ("O", which .NET writes without
/// parsing a pattern) cut to the millisecond. The custom pattern it replaces was parsed again at every call, ~1% of
/// PAR's CPU per Invoke with the access log on (bench/notes.md, issue 21).
/// </summary>
internal static class LogTimestamp
{
    public const int Length = 24;

    /// <summary>Writes <paramref name="utc"/> (UTC) into the first <see cref="Length"/> bytes of <paramref name="into"/>.</summary>
    public static void Write(DateTime utc, Span<byte> into)
    {
        Span<byte> roundTrip = stackalloc byte[28]; // yyyy-MM-ddTHH:mm:ss.fffffffZ
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).TryFormat(roundTrip, out _, "O");
        roundTrip[..(Length - 1)].CopyTo(into);
        into[Length - 1] = (byte)'Z';
    }
}
