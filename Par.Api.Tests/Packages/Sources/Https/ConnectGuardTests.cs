using System.Net;
using Par.Api.Config;
using Par.Api.Packages.Sources.Https;

namespace Par.Api.Tests.Packages.Sources.Https;

/// <summary>The SSRF guard, seen through a dialer that records every connection attempt (and never leaves loopback).</summary>
public sealed class ConnectGuardTests
{
    [Fact]
    public async Task Guard_MetadataAddress_RefusedBeforeAnyConnectionEvenWithAllowPrivate()
    {
        var dialer = new RecordingDialer();
        using var fetch = FetchHarness.Create(
            new Dictionary<string, string?>
            {
                [EnvNames.PackageUrl] = "https://169.254.169.254/latest/meta-data/agent.apkg",
                [EnvNames.PackageUrlAllowPrivate] = "true",
            },
            services => services.AddSingleton<INetworkDialer>(dialer));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("refused to connect to 169.254.169.254 (169.254.169.254)", failure.Message);
        Assert.Contains("link-local", failure.Message);
        Assert.Equal(["169.254.169.254"], dialer.Resolved);
        Assert.Empty(dialer.Connects);
        Assert.Empty(fetch.Logs.Named("package.download.retrying"));
    }

    [Fact]
    public async Task Guard_RedirectToMetadataAddress_RefusedEvenWithAllowPrivate()
    {
        using var server = HttpsPackageServer.Start();
        server.Redirect("/agent.apkg", "https://169.254.169.254/latest/agent.apkg");
        var dialer = new RecordingDialer();
        using var fetch = FetchHarness.Create(server.Environment("/agent.apkg"), services => services.AddSingleton<INetworkDialer>(dialer));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("refused to connect to 169.254.169.254", failure.Message);
        Assert.Equal(1, server.AllRequests);
        Assert.All(dialer.Connects, c => Assert.Equal(IPAddress.Loopback, c.Address));
        Assert.Contains("169.254.169.254", dialer.Resolved);
    }

    [Fact]
    public async Task Guard_NameResolvingToMetadataAddress_RefusedWhateverTheName()
    {
        var dialer = new RecordingDialer(new Dictionary<string, IPAddress[]>
        {
            ["packages.example.test"] = [IPAddress.Parse("203.0.113.7"), IPAddress.Parse("::ffff:169.254.170.2")],
        });
        using var fetch = FetchHarness.Create(
            new Dictionary<string, string?> { [EnvNames.PackageUrl] = "https://packages.example.test/agent.apkg" },
            services => services.AddSingleton<INetworkDialer>(dialer));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("refused to connect to packages.example.test (::ffff:169.254.170.2)", failure.Message);
        Assert.Empty(dialer.Connects);
    }

    [Theory]
    [InlineData("fd00:ec2::254")]
    [InlineData("fd00:ec2::23")]
    public async Task Guard_Ec2Ipv6MetadataAddress_RefusedBeforeAnyConnectionEvenWithAllowPrivate(string address)
    {
        var dialer = new RecordingDialer();

        var failure = await FailWithAllowPrivateAsync($"https://[{address}]/latest/meta-data/agent.apkg", dialer);

        Assert.Contains($"({address}): in fd00:ec2::/32", failure.Message);
        Assert.Equal([$"[{address}]"], dialer.Resolved);
    }

    [Theory]
    [InlineData("fd00:ec2::254", "refused to connect to packages.example.test (fd00:ec2::254): in fd00:ec2::/32")]
    [InlineData("2002:a9fe:a9fe::1", "(2002:a9fe:a9fe::1): a 6to4 address of 169.254.169.254, a link-local address")]
    [InlineData("::a9fe:a9fe", "an IPv4-compatible IPv6 address")]
    public async Task Guard_NameResolvingToAlwaysRefusedIpv6_RefusedEvenWithAllowPrivate(string address, string expected)
    {
        var dialer = new RecordingDialer(new Dictionary<string, IPAddress[]> { ["packages.example.test"] = [IPAddress.Parse(address)] });

        var failure = await FailWithAllowPrivateAsync("https://packages.example.test/agent.apkg", dialer);

        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public async Task Guard_RedirectToEc2Ipv6Metadata_RefusedEvenWithAllowPrivate()
    {
        using var server = HttpsPackageServer.Start();
        server.Redirect("/agent.apkg", "https://[fd00:ec2::254]/latest/agent.apkg");
        var dialer = new RecordingDialer();
        using var fetch = FetchHarness.Create(server.Environment("/agent.apkg"), services => services.AddSingleton<INetworkDialer>(dialer));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("(fd00:ec2::254): in fd00:ec2::/32", failure.Message);
        Assert.Equal(1, server.AllRequests);
        Assert.All(dialer.Connects, c => Assert.Equal(IPAddress.Loopback, c.Address));
    }

    [Fact]
    public async Task Guard_LoopbackWithoutAllowPrivate_RefusedBeforeAnyConnection()
    {
        using var server = HttpsPackageServer.Start();
        server.Serve("/agent.apkg", HttpsPackageServer.RandomPackage());
        var dialer = new RecordingDialer();
        var env = server.Environment("/agent.apkg", (EnvNames.PackageUrlAllowPrivate, null));
        using var fetch = FetchHarness.Create(env, services => services.AddSingleton<INetworkDialer>(dialer));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("refused to connect to localhost", failure.Message);
        Assert.Contains("a loopback address", failure.Message);
        Assert.Contains("PACKAGE_URL_ALLOW_PRIVATE=true", failure.Message);
        Assert.Empty(dialer.Connects);
        Assert.Equal(0, server.AllRequests);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.170.2")]
    [InlineData("fe80::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fd00:ec2::23")]
    [InlineData("fd00:ec2:ffff::1")]
    [InlineData("192.0.0.192")]
    [InlineData("192.0.0.1")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2002:c000:00c0::")]
    [InlineData("::a9fe:a9fe")]
    [InlineData("::8.8.8.8")]
    [InlineData("::ffff:0.0.0.0")]
    public void Policy_LinkLocalUnspecifiedMulticast_AlwaysRefused(string address)
    {
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse(address), allowPrivate: true));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("::1")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.10")]
    [InlineData("100.64.0.1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("2002:0a00:0005::1")]
    [InlineData("2002:7f00:0001::")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b:1::a00:5")]
    [InlineData("fd00:ec3::254")]
    public void Policy_LoopbackAndPrivate_RefusedUnlessAllowed(string address)
    {
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse(address), allowPrivate: false));
        Assert.Null(AddressPolicy.Refusal(IPAddress.Parse(address), allowPrivate: true));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2002:5db8:d822::1")]
    [InlineData("64:ff9b::5db8:d822")]
    public void Policy_PublicAddress_Allowed(string address)
    {
        Assert.Null(AddressPolicy.Refusal(IPAddress.Parse(address), allowPrivate: false));
    }

    /// <summary>Fetches the URL with PACKAGE_URL_ALLOW_PRIVATE=true: a permanent 69 with no connection attempted.</summary>
    private static async Task<Par.Api.Lifecycle.Exit.BootFailureException> FailWithAllowPrivateAsync(string url, RecordingDialer dialer)
    {
        using var fetch = FetchHarness.Create(
            new Dictionary<string, string?> { [EnvNames.PackageUrl] = url, [EnvNames.PackageUrlAllowPrivate] = "true" },
            services => services.AddSingleton<INetworkDialer>(dialer));
        var failure = await fetch.FailAsync();
        Assert.Equal(69, failure.ExitCode);
        Assert.Empty(dialer.Connects);
        Assert.Empty(fetch.Logs.Named("package.download.retrying"));
        return failure;
    }
}
