using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>Raw JSON-RPC calls to {BASE}/a2a/jsonrpc, for what the official clients never send.</summary>
internal static class A2aHttp
{
    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient http, string path, string body, string? version = "1.0", string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (version is not null)
        {
            request.Headers.Add("A2A-Version", version);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static string Call(string method, string parameters, string id = "1") =>
        $$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{parameters}}}""";

    public static string Message(string metadata = """{"skill":"echo"}""", string parts = """[{"text":"hi"}]""", string configuration = "{}") =>
        $$"""{"message":{"messageId":"m-1","role":"ROLE_USER","parts":{{parts}},"metadata":{{metadata}}},"configuration":{{configuration}}}""";
}
