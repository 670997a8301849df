using System.Net;
using Par.Api.Config;
using Par.Api.Lifecycle.Exit;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Signing;

public sealed class SignatureBootTests(SigningKeys keys) : IClassFixture<SigningKeys>
{
    [Fact]
    public async Task Boot_BadSignatureUnderEnforce_Answers503AndUnpacksNothing()
    {
        using var dir = new TempDirectory();
        var package = TestZips.Build(dir.Combine("demo.apkg"), ZipItem.Text("agent.yaml", TestZips.MinimalManifest));
        var otherPackage = TestZips.Build(dir.Combine("other.apkg"), ZipItem.Text("agent.yaml", "name: other\nversion: 2.0.0\n"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.PackagePublicKey] = keys.PublicKeyPath,
            [EnvNames.PackageSignature] = keys.Sign(otherPackage),
            [EnvNames.BootFailureBackoffSec] = "30",
        });

        var snapshot = await host.WaitForBootAsync();
        var (status, body) = await host.GetJsonAsync("/health");

        Assert.Equal(ExitCodes.PackageInvalid, snapshot.ExitCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("signature", body.GetProperty("error").GetString());
        Assert.False(Directory.Exists(Path.Combine(host.Options.Lifecycle.WorkDir, "package")));
    }
}
