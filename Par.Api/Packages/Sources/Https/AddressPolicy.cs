using System.Net;
using System.Net.Sockets;
using Par.Api.Config;

namespace Par.Api.Packages.Sources.Https;

/// <summary>
/// Which addresses a package download may connect to. Link-local and the EC2 IPv6 metadata range (the cloud metadata
/// endpoints), unspecified, broadcast, multicast and IETF protocol-assignment addresses never; loopback and private
/// ranges only with PACKAGE_URL_ALLOW_PRIVATE=true. IPv6 forms that carry an IPv4 address are judged by that address.
/// </summary>
internal static class AddressPolicy
{
    private static readonly (IPNetwork Network, string Kind)[] AlwaysRefused =
    [
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (where the EC2 and ECS metadata endpoints live)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fd00:ec2::/32"), "in fd00:ec2::/32 (the EC2 IPv6 metadata, DNS and time endpoints)"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol-assignment address (192.0.0.0/24, not routable; some clouds serve metadata there)"),
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
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local-use NAT64 address"),
    ];

    /// <summary>NAT64's well-known prefix carries an IPv4 address in its last 32 bits.</summary>
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>6to4 carries an IPv4 address in bits 16–47.</summary>
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>IPv4-compatible IPv6 (deprecated by RFC 4291); :: and ::1 inside it are judged by the lists above.</summary>
    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");

    /// <summary>Why the address is refused, or null when a connection may be made.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivate)
    {
        if (Listed(AlwaysRefused, address) is { } direct)
        {
            return direct;
        }

        if (!allowPrivate && Listed(Private, address) is { } privateKind)
        {
            return $"{privateKind} (allowed only with {EnvNames.PackageUrlAllowPrivate}=true)";
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || Embedded(address) is not ({ } v4, var form))
        {
            return null;
        }

        if (form is null)
        {
            return "an IPv4-compatible IPv6 address (::a.b.c.d, deprecated; never a real host)";
        }

        return Refusal(v4, allowPrivate) is { } embedded ? $"{form} of {v4}, {embedded}" : null;
    }

    private static string? Listed((IPNetwork Network, string Kind)[] list, IPAddress address) =>
        list.FirstOrDefault(r => r.Network.Contains(address)).Kind;

    /// <summary>The IPv4 address an IPv6 address carries, and the name of the form; a null form means "refuse it".</summary>
    private static (IPAddress V4, string? Form)? Embedded(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
        {
            return (address.MapToIPv4(), "an IPv4-mapped address");
        }

        if (Nat64.Contains(address))
        {
            return (new IPAddress(bytes[12..]), "a NAT64 address");
        }

        if (SixToFour.Contains(address))
        {
            return (new IPAddress(bytes[2..6]), "a 6to4 address");
        }

        if (Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Loopback) && !address.Equals(IPAddress.IPv6None))
        {
            return (new IPAddress(bytes[12..]), null);
        }

        return null;
    }
}
