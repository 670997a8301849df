using Par.Api.Config;
using static Par.Api.Tests.Config.ConfigTestEnv;

namespace Par.Api.Tests.Config;

public sealed class SchemaRulesTests
{
    [Fact]
    public void AgentAppId_Unset_IsRequired()
    {
        var result = Load((EnvNames.AgentAppId, null));

        var error = Assert.Single(ErrorsFor(result, EnvNames.AgentAppId));
        Assert.Contains("required", error.Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("agent\u0001x")]
    [InlineData("agent\nx")]
    public void AgentAppId_BlankOrControlCharacters_Rejected(string value)
    {
        var result = Load((EnvNames.AgentAppId, value));

        Assert.False(result.IsValid);
        Assert.Single(ErrorsFor(result, EnvNames.AgentAppId));
    }

    [Theory]
    [InlineData("support bot")]
    [InlineData("  padded  ")]
    [InlineData("agent-ü-日本")]
    public void AgentAppId_SpacesAndUnicode_KeptVerbatim(string value)
    {
        var result = Load((EnvNames.AgentAppId, value));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(value, result.Options!.AgentAppId);
    }

    [Theory]
    [InlineData(EnvNames.RestPort, "abc", "integer")]
    [InlineData(EnvNames.RestPort, "0", "between 1 and 65535")]
    [InlineData(EnvNames.A2aPort, "-1", "between 1 and 65535")]
    [InlineData(EnvNames.UiPort, "65536", "between 1 and 65535")]
    public void Ports_OutOfRange_Rejected(string variable, string value, string rule)
    {
        var result = Load((variable, value));

        var error = Assert.Single(ErrorsFor(result, variable));
        Assert.Contains(rule, error.Rule);
        Assert.Equal(value, error.Value);
    }

    [Fact]
    public void Ports_Bounds_Accepted()
    {
        var result = Load((EnvNames.RestPort, "1"), (EnvNames.A2aPort, "65535"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(1, result.Options!.Listeners.RestPort);
        Assert.Equal(65535, result.Options.Listeners.A2aPort);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("OFF", false)]
    [InlineData("1", true)]
    [InlineData("False", false)]
    public void Multiplexed_Words_Accepted(string value, bool expected)
    {
        var result = Load((EnvNames.Multiplexed, value));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(expected, result.Options!.Listeners.Multiplexed);
    }

    [Fact]
    public void Multiplexed_Maybe_Rejected()
    {
        var result = Load((EnvNames.Multiplexed, "maybe"));

        Assert.Contains("true/false", Assert.Single(ErrorsFor(result, EnvNames.Multiplexed)).Rule);
    }

    [Theory]
    [InlineData(63, "1")]
    [InlineData(64, "g")]
    public void PackageSha256_WrongLengthOrCharacters_Rejected(int length, string fill)
    {
        var result = Load((EnvNames.PackageSha256, new string('a', length - 1) + fill));

        Assert.Single(ErrorsFor(result, EnvNames.PackageSha256));
    }

    [Fact]
    public void PackageSha256_Uppercase_AcceptedAndNormalised()
    {
        var result = Load((EnvNames.PackageSha256, new string('A', 64)));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(new string('a', 64), result.Options!.Package.Sha256);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("My_Bucket")]
    [InlineData("a..b")]
    [InlineData("192.168.1.1")]
    [InlineData("-bucket")]
    public void S3Bucket_InvalidNames_Rejected(string bucket)
    {
        var result = Load((EnvNames.S3Bucket, bucket));

        Assert.Contains("bucket name", Assert.Single(ErrorsFor(result, EnvNames.S3Bucket)).Rule);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("pixell-packages.eu-1")]
    public void S3Bucket_ValidNames_Accepted(string bucket)
    {
        Assert.True(Load((EnvNames.S3Bucket, bucket)).IsValid);
    }

    [Theory]
    [InlineData(EnvNames.AwsRegion, "US-EAST-1")]
    [InlineData(EnvNames.SignaturePolicy, "sometimes")]
    [InlineData(EnvNames.LogFormat, "xml")]
    [InlineData(EnvNames.DownloadMaxAttempts, "11")]
    [InlineData(EnvNames.MaxPackageSizeMb, "10241")]
    [InlineData(EnvNames.BootHardLimitMultiplier, "-1")]
    public void OtherRules_BadValues_Rejected(string variable, string value)
    {
        Assert.Single(ErrorsFor(Load((variable, value)), variable));
    }

    [Fact]
    public void Defaults_AppliedWhenUnsetOrBlank()
    {
        var result = Load((EnvNames.RestPort, "  "));

        var options = Assert.IsType<ParOptions>(result.Options);
        Assert.Equal(8080, options.Listeners.RestPort);
        Assert.Equal(50051, options.Listeners.A2aPort);
        Assert.True(options.Listeners.Multiplexed);
        Assert.Equal(100L * 1024 * 1024, options.Package.MaxPackageBytes);
        Assert.Equal(TimeSpan.FromSeconds(120), options.Package.DownloadTimeout);
        Assert.Equal(SignaturePolicy.Off, options.Package.SignaturePolicy);
        Assert.Equal(LogFormat.Json, options.Logging.Format);
    }

    [Fact]
    public void SignaturePolicy_DefaultsToEnforceWhenKeySet()
    {
        var result = Load((EnvNames.PackagePublicKey, "/etc/key.pub"));

        Assert.Equal(SignaturePolicy.Enforce, result.Options!.Package.SignaturePolicy);
    }
}
