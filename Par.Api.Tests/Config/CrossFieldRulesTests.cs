using Par.Api.Config;
using static Par.Api.Tests.Config.ConfigTestEnv;

namespace Par.Api.Tests.Config;

public sealed class CrossFieldRulesTests
{
    [Fact]
    public void Ports_RestEqualsA2a_Rejected()
    {
        var result = Load((EnvNames.RestPort, "9000"), (EnvNames.A2aPort, "9000"));

        Assert.Contains("REST_PORT=9000", Assert.Single(ErrorsFor(result, EnvNames.A2aPort)).Rule);
    }

    [Fact]
    public void Ports_RestEqualsUi_RejectedOnlyWhenNotMultiplexed()
    {
        var multiplexed = Load((EnvNames.RestPort, "9000"), (EnvNames.UiPort, "9000"));
        var standalone = Load((EnvNames.RestPort, "9000"), (EnvNames.UiPort, "9000"), (EnvNames.Multiplexed, "false"));

        Assert.True(multiplexed.IsValid, string.Join("; ", multiplexed.Errors));
        Assert.Single(ErrorsFor(standalone, EnvNames.UiPort));
    }

    [Theory]
    [InlineData("agents/x/", "/agents/x")]
    [InlineData("/", "/")]
    [InlineData("   ", "/")]
    [InlineData(" /a/b ", "/a/b")]
    [InlineData("/agents/{AGENT_APP_ID}", "/agents/agent-1")]
    [InlineData("/v1.2/x_y-z", "/v1.2/x_y-z")]
    public void BasePath_Normalised(string raw, string expected)
    {
        var result = Load((EnvNames.BasePath, raw));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(expected, result.Options!.Listeners.BasePath);
    }

    [Theory]
    [InlineData("/agents//x", "empty segments")]
    [InlineData("/a/../b", "'..'")]
    [InlineData("/a/./b", "'..'")]
    [InlineData("/a@b", "A-Z")]
    [InlineData("/a b", "A-Z")]
    public void BasePath_Invalid_Rejected(string raw, string rule)
    {
        var result = Load((EnvNames.BasePath, raw));

        var error = Assert.Single(ErrorsFor(result, EnvNames.BasePath));
        Assert.Contains(rule, error.Rule);
    }

    [Fact]
    public void BasePath_AgentIdWithSpace_RejectedAfterSubstitution()
    {
        var result = Load((EnvNames.AgentAppId, "support bot"), (EnvNames.BasePath, "/agents/{AGENT_APP_ID}"));

        Assert.Single(ErrorsFor(result, EnvNames.BasePath));
    }

    [Theory]
    [InlineData("http://host/x.apkg", "scheme 'http'")]
    [InlineData("ftp://host/x.apkg", "scheme 'ftp'")]
    [InlineData("s3://bucket", "object key")]
    [InlineData("s3://bucket/", "object key")]
    [InlineData("https://user:pw@host/x", "user-info")]
    [InlineData("not a url", "absolute")]
    public void PackageUrl_Invalid_Rejected(string url, string rule)
    {
        var result = Load((EnvNames.AgentPackagePath, null), (EnvNames.PackageUrl, url));

        var error = Assert.Single(ErrorsFor(result, EnvNames.PackageUrl));
        Assert.Contains(rule, error.Rule);
    }

    [Fact]
    public void PackageUrl_UserInfo_RedactedInError()
    {
        var result = Load((EnvNames.AgentPackagePath, null), (EnvNames.PackageUrl, "https://user:pw@host/x?X-Amz-Signature=abc"));

        var error = Assert.Single(ErrorsFor(result, EnvNames.PackageUrl));
        Assert.DoesNotContain("pw", error.ToString());
        Assert.DoesNotContain("abc", error.ToString());
    }

    [Theory]
    [InlineData("HTTPS://Host/x.apkg", "Https")]
    [InlineData("  s3://bucket/agents/x.apkg ", "S3")]
    [InlineData("S3://bucket/x.apkg", "S3")]
    public void PackageUrl_Valid_Accepted(string url, string scheme)
    {
        var result = Load((EnvNames.AgentPackagePath, null), (EnvNames.PackageUrl, url));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(scheme, result.Options!.Package.Location.Scheme.ToString());
    }

    [Fact]
    public void PackageSources_BothSet_Rejected()
    {
        var result = Load((EnvNames.PackageUrl, "https://host/x.apkg"));

        Assert.Contains("both", Assert.Single(ErrorsFor(result, EnvNames.PackageUrl)).Rule);
    }

    [Fact]
    public void PackageSources_NeitherSet_Rejected()
    {
        var result = Load((EnvNames.AgentPackagePath, null));

        Assert.Contains("neither", Assert.Single(ErrorsFor(result, EnvNames.PackageUrl)).Rule);
    }

    [Fact]
    public void S3Bucket_UrlNamesOtherBucket_Rejected()
    {
        var result = Load((EnvNames.AgentPackagePath, null), (EnvNames.PackageUrl, "s3://other/x.apkg"), (EnvNames.S3Bucket, "packages"));

        Assert.Contains("'other'", Assert.Single(ErrorsFor(result, EnvNames.PackageUrl)).Rule);
    }

    [Fact]
    public void S3Bucket_UrlNamesSameBucket_Accepted()
    {
        var result = Load((EnvNames.AgentPackagePath, null), (EnvNames.PackageUrl, "s3://packages/x.apkg"), (EnvNames.S3Bucket, "packages"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("x.apkg", result.Options!.Package.Location.Key);
    }

    [Fact]
    public void SignaturePolicy_EnforceWithoutKey_Rejected()
    {
        Assert.Single(ErrorsFor(Load((EnvNames.SignaturePolicy, "enforce")), EnvNames.SignaturePolicy));
    }

    [Fact]
    public void PackageCaBundle_MissingFile_Rejected()
    {
        Assert.Single(ErrorsFor(Load((EnvNames.PackageCaBundle, "/nonexistent/ca.pem")), EnvNames.PackageCaBundle));
    }

    [Fact]
    public void Errors_ThreeAtOnce_AllReported()
    {
        var result = Load((EnvNames.AgentAppId, ""), (EnvNames.RestPort, "0"), (EnvNames.Multiplexed, "maybe"));

        Assert.Equal(
            new[] { EnvNames.AgentAppId, EnvNames.Multiplexed, EnvNames.RestPort },
            result.Errors.Select(e => e.Variable).Order(StringComparer.Ordinal));
    }
}
