using System.Text.Json;

namespace Par.Api.Logging;

/// <summary>
/// A log state that writes its own fields into PAR's JSON line (camelCase names, values already redacted), each as
/// its type: the formatter would otherwise read them as boxed objects through the state's key/value pairs, which
/// every other logger provider still does.
/// </summary>
internal interface IJsonLogFields
{
    void WriteFields(Utf8JsonWriter json);
}
