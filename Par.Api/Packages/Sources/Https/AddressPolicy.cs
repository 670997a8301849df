using System.Net;
using Par.Api.Config;

namespace Par.Api.Packages.Sources.Https;

/// <summary>
/// Which addresses a package download may connect to. Link-local (the cloud metadata endpoints), unspecified, broadcast
/// and multicast addresses never; loopback and private ranges only with PACKAGE_URL_ALLOW_PRIVATE=true.
/// </summary>
internal static class AddressPolicy
{
    private static readonly (IPNetwork Network, string Kind)[] AlwaysRefused =
    [
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (where the EC2 and ECS metadata endpoints live)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
    ];

    private static readonly (IPNetwork Network, string Kind)[] Private =
    [
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address"),
        (IPNetwork.Parse("fc00::/7"), "a unique local address"),
    ];

    /// <summary>NAT64's well-known prefix carries an IPv4 address in its last 32 bits.</summary>
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Why the address is refused, or null when a connection may be made.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivate)
    {
        var checkedAddress = Normalize(address);
        if (AlwaysRefused.FirstOrDefault(r => r.Network.Contains(checkedAddress)).Kind is { } always)
        {
            return always;
        }

        if (!allowPrivate && Private.FirstOrDefault(r => r.Network.Contains(checkedAddress)).Kind is { } kind)
        {
            return $"{kind} (allowed only with {EnvNames.PackageUrlAllowPrivate}=true)";
        }

        return null;
    }

    /// <summary>IPv4 addresses dressed as IPv6 (mapped, or NAT64) are judged as the IPv4 address they reach.</summary>
    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (Nat64.Contains(address))
        {
            return new IPAddress(address.GetAddressBytes()[12..]);
        }

        return address;
    }
}
