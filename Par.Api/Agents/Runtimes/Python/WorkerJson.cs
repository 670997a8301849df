using System.Text.Json;
using System.Text.Json.Serialization;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// The spec and status files, serialized by generated code: the reflection-based serializer spent ~15 ms of the
/// worker phase building its metadata on first use.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(WorkerSpec))]
[JsonSerializable(typeof(WorkerStatus))]
internal sealed partial class WorkerJson : JsonSerializerContext;
