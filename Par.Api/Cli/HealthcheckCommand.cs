using Par.Api.Config;

namespace Par.Api.Cli;

/// <summary>The Docker HEALTHCHECK probe: GET http://127.0.0.1:$REST_PORT/health, exit 0 on 200, else 1.</summary>
internal static class HealthcheckCommand
{
    public static async Task<int> RunAsync(EnvSnapshot env, TextWriter stderr)
    {
        var port = EnvValues.Port(env.Effective(EnvNames.RestPort)) ?? 8080;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            stderr.WriteLine($"/health answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            stderr.WriteLine($"/health did not answer on port {port}: {e.Message}");
            return 1;
        }
    }
}
