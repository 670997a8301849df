namespace Par.Api.Tests.Telemetry;

/// <summary>One span as an OTLP receiver got it; ids in lowercase hex (ParentSpanId empty for a root).</summary>
internal sealed record OtlpSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, string Scope, string ServiceName, IReadOnlyDictionary<string, string> Attributes);
