using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Sources;

/// <summary>
/// A real S3 API on loopback: moto_server with its IAM enforcement switched on, a bucket, and two users made through
/// moto's IAM API — a reader allowed s3:*, and a user whose policy denies s3:GetObject (for AccessDenied).
/// </summary>
public sealed partial class MotoServer : IAsyncLifetime
{
    public const string Bucket = "par-packages";
    public const string Region = "us-east-1";

    private readonly HttpClient _http = new();
    private Process? _process;

    public string Endpoint { get; private set; } = string.Empty;

    public AWSCredentials Reader { get; private set; } = null!;

    public AWSCredentials Denied { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = TestPorts.Next();
        Endpoint = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("moto_server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnswersAsync();

        Reader = await CreateUserAsync("par-reader", Policy(("Allow", "s3:*")));
        Denied = await CreateUserAsync("par-denied", Policy(("Allow", "s3:*"), ("Deny", "s3:GetObject")));
        // From here on moto checks every request's signature and the caller's IAM policies.
        using var auth = await _http.PostAsync($"{Endpoint}/moto-api/reset-auth", new StringContent("0"));
        auth.EnsureSuccessStatusCode();
        using var s3 = Client(Reader);
        await s3.PutBucketAsync(Bucket);
    }

    public IAmazonS3 Client(AWSCredentials credentials) =>
        new AmazonS3Client(credentials, new AmazonS3Config { ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = Region });

    public async Task PutAsync(string key, byte[] body)
    {
        using var s3 = Client(Reader);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(body) });
    }

    /// <summary>PACKAGE_URL for the key, with the region, the endpoint and S3_BUCKET; a 1 MiB limit.</summary>
    public Dictionary<string, string?> Environment(string key) => new()
    {
        [EnvNames.PackageUrl] = $"s3://{Bucket}/{key}",
        [EnvNames.S3Bucket] = Bucket,
        [EnvNames.AwsRegion] = Region,
        [EnvNames.AwsEndpointUrlS3] = Endpoint,
        [EnvNames.MaxPackageSizeMb] = "1",
    };

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private Task WaitUntilAnswersAsync() =>
        Poll.UntilAsync(AnswersAsync, TimeSpan.FromSeconds(30), $"moto_server answers on {Endpoint}");

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await _http.GetAsync($"{Endpoint}/moto-api/");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // Not listening yet.
        }
    }

    private async Task<AWSCredentials> CreateUserAsync(string user, string policy)
    {
        await IamAsync(("Action", "CreateUser"), ("UserName", user));
        await IamAsync(("Action", "PutUserPolicy"), ("UserName", user), ("PolicyName", "packages"), ("PolicyDocument", policy));
        var key = await IamAsync(("Action", "CreateAccessKey"), ("UserName", user));
        return new BasicAWSCredentials(AccessKeyId().Match(key).Groups[1].Value, SecretAccessKey().Match(key).Groups[1].Value);
    }

    /// <summary>moto routes a request by the service named in its credential scope; before enforcement the signature is not checked.</summary>
    private async Task<string> IamAsync(params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint + "/")
        {
            Content = new FormUrlEncodedContent([new("Version", "2010-05-08"), .. form.Select(f => KeyValuePair.Create(f.Name, f.Value))]),
        };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIAMOTOSETUP/20250101/{Region}/iam/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"moto IAM {form[0].Value} failed: {body}");
    }

    private static string Policy(params (string Effect, string Action)[] statements) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = statements.Select(s => new { s.Effect, s.Action, Resource = "*" }),
    });

    [GeneratedRegex("<AccessKeyId>([^<]+)</AccessKeyId>")]
    private static partial Regex AccessKeyId();

    [GeneratedRegex("<SecretAccessKey>([^<]+)</SecretAccessKey>")]
    private static partial Regex SecretAccessKey();
}
