using System.Text.Json;
using System.Text.Json.Serialization;
using Par.Api.Agents.Runtimes.Python;

namespace Par.Api.Cli;

/// <summary>The indented reports of `inspect` and `wheelhouse info`, serialized by generated code.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InspectReport))]
[JsonSerializable(typeof(WheelhouseInfo))]
internal sealed partial class CliReportJson : JsonSerializerContext;
