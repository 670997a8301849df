using System.Security.Cryptography;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Par.Api.Tests.Packages;

/// <summary>WireMock over HTTPS on loopback with the test CA's server certificate, plus the environment to download from it.</summary>
internal sealed class HttpsPackageServer : IDisposable
{
    private readonly TempDirectory _dir = new("par-https");

    private HttpsPackageServer(WireMockServer server) => Server = server;

    public WireMockServer Server { get; }

    public static HttpsPackageServer Start() => new(WireMockServer.Start(new WireMockServerSettings
    {
        Urls = [$"https://127.0.0.1:{TestPorts.Next()}"],
        CertificateSettings = new WireMockCertificateSettings { X509Certificate = TestCertificates.Server },
    }));

    public static byte[] RandomPackage(int bytes = 256 * 1024) => RandomNumberGenerator.GetBytes(bytes);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>WireMock names its loopback listener https://localhost:PORT; the certificate covers that name.</summary>
    public string Url(string pathAndQuery) => Server.Urls[0] + pathAndQuery;

    public int Requests(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == path);

    public int AllRequests => Server.LogEntries.Count();

    /// <summary>PACKAGE_URL for the path, trusted through PACKAGE_CA_BUNDLE, loopback allowed, a 1 MiB limit.</summary>
    public Dictionary<string, string?> Environment(string pathAndQuery, params (string Name, string? Value)[] changes)
    {
        var env = new Dictionary<string, string?>
        {
            [EnvNames.PackageUrl] = Url(pathAndQuery),
            [EnvNames.PackageCaBundle] = TestCertificates.WriteCaBundle(_dir.Path),
            [EnvNames.PackageUrlAllowPrivate] = "true",
            [EnvNames.MaxPackageSizeMb] = "1",
            [EnvNames.DownloadMaxAttempts] = "3",
        };
        foreach (var (name, value) in changes)
        {
            env[name] = value;
        }

        return env;
    }

    public void Serve(string path, byte[] body) =>
        Server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));

    public void Fail(string path, int status) =>
        Server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithStatusCode(status));

    public void Redirect(string path, string location, int status = 302) =>
        Server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", location));

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        _dir.Dispose();
    }
}
