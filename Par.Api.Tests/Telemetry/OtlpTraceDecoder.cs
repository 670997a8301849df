using Google.Protobuf;

namespace Par.Api.Tests.Telemetry;

/// <summary>
/// Reads an OTLP ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) from its protobuf wire form: the
/// fields a test looks at, by their numbers in the OpenTelemetry proto. The OpenTelemetry.Proto package is not served.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static IEnumerable<OtlpSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Messages(request, 1))
        {
            var resource = Messages(resourceSpans, 1).FirstOrDefault();
            var service = resource is null ? string.Empty : Attributes(resource, 1).GetValueOrDefault("service.name", string.Empty);
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                var scope = Messages(scopeSpans, 1).Select(s => Text(s, 1)).FirstOrDefault() ?? string.Empty;
                foreach (var span in Messages(scopeSpans, 2))
                {
                    yield return new OtlpSpan(Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5), scope, service, Attributes(span, 9));
                }
            }
        }
    }

    /// <summary>KeyValue { key = 1; AnyValue value = 2 { string_value = 1 } }; non-string values read as empty.</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int field) =>
        Messages(message, field)
            .Select(kv => (Key: Text(kv, 1), Value: Messages(kv, 2).Select(v => Text(v, 1)).FirstOrDefault() ?? string.Empty))
            .GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => g.Last().Value);

    private static string Text(byte[] message, int field) =>
        Messages(message, field).Select(b => System.Text.Encoding.UTF8.GetString(b)).LastOrDefault() ?? string.Empty;

    private static string Hex(byte[] message, int field) =>
        Messages(message, field).Select(Convert.ToHexStringLower).LastOrDefault() ?? string.Empty;

    /// <summary>Every length-delimited occurrence of the field (sub-messages, strings, bytes), in order.</summary>
    private static List<byte[]> Messages(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}
