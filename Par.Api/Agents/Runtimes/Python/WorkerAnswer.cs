using System.Text.Json;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// The worker's answer to an Invoke, <c>{"success", "result" | "error", "metadata"?}</c>, read straight from its
/// UTF-8 bytes (no document): the strings the outcome holds are the only allocations.
/// </summary>
internal static class WorkerAnswer
{
    public const string NoErrorMessage = "the worker gave no error message";

    /// <summary>
    /// Throws <see cref="JsonException"/> for malformed JSON, <see cref="InvalidOperationException"/> for a member of
    /// the wrong type and <see cref="KeyNotFoundException"/> for a success without a result.
    /// </summary>
    public static ActionOutcome Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException("the worker's answer is not a JSON object");
        }

        bool success = false, hasResult = false, hasError = false;
        string? result = null, error = null;
        Dictionary<string, string>? metadata = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("success"u8))
            {
                reader.Read();
                success = reader.GetBoolean();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                (result, hasResult) = (reader.GetString(), true);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                (error, hasError) = (reader.GetString(), true);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                metadata = reader.TokenType == JsonTokenType.StartObject ? Metadata(ref reader) : Skipped(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("the worker's answer ends early");
        }

        reader.Read(); // past the object: throws on anything but whitespace

        if (!success)
        {
            return new ActionOutcome(false, null, hasError ? error : NoErrorMessage, metadata);
        }

        return hasResult ? new ActionOutcome(true, result, null, metadata) : throw new KeyNotFoundException("the worker's answer has no result");
    }

    private static Dictionary<string, string> Metadata(ref Utf8JsonReader reader)
    {
        var metadata = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            metadata[key] = reader.GetString() ?? string.Empty;
        }

        return metadata;
    }

    private static Dictionary<string, string>? Skipped(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
