using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using static Par.Api.Tests.Config.ConfigTestEnv;

namespace Par.Api.Tests.Config;

/// <summary>SPEC §2: patterns match the whole value, "no control characters" means C0, DEL and C1.</summary>
public sealed class WholeValueRulesTests
{
    [Theory]
    [InlineData(EnvNames.AgentAppId, "abc\n")]
    [InlineData(EnvNames.DeploymentId, "dep-1\u0085")]
    [InlineData(EnvNames.PackageSha256, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n")]
    [InlineData(EnvNames.AwsRegion, "us-east-1\n")]
    [InlineData(EnvNames.S3Bucket, "pixell-packages\n")]
    public void Pattern_TrailingNewlineOrC1_Rejected(string variable, string value)
    {
        var result = Load((variable, value));

        Assert.Single(ErrorsFor(result, variable));
    }

    [Theory]
    [InlineData("agent\u0080x")]
    [InlineData("agent\u009Fx")]
    [InlineData("agent\u007Fx")]
    public void AgentAppId_C1OrDel_Rejected(string value)
    {
        var error = Assert.Single(ErrorsFor(Load((EnvNames.AgentAppId, value)), EnvNames.AgentAppId));

        Assert.Contains("control characters", error.Rule);
    }

    [Fact]
    public void AgentAppId_CharacterAfterC1Range_Accepted()
    {
        var result = Load((EnvNames.AgentAppId, "agent\u00A0\u00E9"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void BasePath_TrailingNewline_Rejected()
    {
        var error = Assert.Single(ErrorsFor(Load((EnvNames.BasePath, "/x\n/")), EnvNames.BasePath));

        Assert.Contains("A-Z a-z 0-9", error.Rule);
    }

    [Theory]
    [InlineData("s3:///key")]
    [InlineData("S3:///agents/x.apkg")]
    public void PackageUrl_S3WithoutBucket_Rejected(string url)
    {
        var result = Load((EnvNames.AgentPackagePath, null), (EnvNames.PackageUrl, url));

        Assert.Contains("bucket", Assert.Single(ErrorsFor(result, EnvNames.PackageUrl)).Rule);
    }

    [Theory]
    [InlineData(EnvNames.ParWorkDir)]
    [InlineData(EnvNames.ParCacheDir)]
    public void WorkDirs_AFile_RejectedNamingTheVariable(string variable)
    {
        using var temp = new TempDirectory();
        var file = temp.Write("plain-file", "x");

        var error = Assert.Single(ErrorsFor(Load((variable, file)), variable));

        Assert.Contains("not a directory", error.Rule);
        Assert.Equal(file, error.Value);
    }

    [Theory]
    [InlineData(EnvNames.ParWorkDir)]
    [InlineData(EnvNames.ParCacheDir)]
    public void WorkDirs_UnderAFile_RejectedNamingTheVariable(string variable)
    {
        using var temp = new TempDirectory();
        var file = temp.Write("plain-file", "x");

        var error = Assert.Single(ErrorsFor(Load((variable, Path.Combine(file, "sub", "dir"))), variable));

        Assert.Contains("cannot be created", error.Rule);
        Assert.Contains(file, error.Rule);
    }

    [Fact]
    public void WorkDir_UnwritableFileSystem_Rejected()
    {
        // Containers mount /proc/sys read-only, so not even root may write there.
        var error = Assert.Single(ErrorsFor(Load((EnvNames.ParWorkDir, "/proc/sys/par-work")), EnvNames.ParWorkDir));

        Assert.Contains("not writable", error.Rule);
    }

    [Fact]
    public void WorkDirs_ExistingOrCreatable_AcceptedAndNotCreated()
    {
        using var temp = new TempDirectory();
        var creatable = temp.Combine("a", "b", "work");

        var result = Load((EnvNames.ParWorkDir, creatable), (EnvNames.ParCacheDir, temp.Path));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.False(Directory.Exists(temp.Combine("a")));
    }
}
