using System.Net;

namespace Par.Api.Config;

/// <summary>A comma-separated list of networks: CIDR blocks (10.0.0.0/8, fc00::/7) or single addresses.</summary>
internal static class IpNetworks
{
    /// <summary>The word that means no network at all: a blank value means the variable's default, like every variable.</summary>
    public const string None = "none";

    /// <summary>The networks, or null with the first bad entry named in <paramref name="error"/>. Blank and "none" are the empty list.</summary>
    public static IReadOnlyList<IPNetwork>? Parse(string? text, out string? error)
    {
        error = null;
        var networks = new List<IPNetwork>();
        if (string.Equals(text?.Trim(), None, StringComparison.OrdinalIgnoreCase))
        {
            return networks;
        }

        foreach (var entry in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPNetwork.TryParse(entry, out var network) && IPAddress.TryParse(entry.Split('/')[0], out var given) && given.Equals(network.BaseAddress))
            {
                networks.Add(network);
            }
            else if (!entry.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                error = $"entry '{entry}' is neither an IP address nor a CIDR block with its host bits zero (such as 10.0.0.0/8)";
                return null;
            }
        }

        return networks;
    }

    /// <summary>Whether the address (IPv4-mapped IPv6 read as IPv4) lies in one of the networks.</summary>
    public static bool Contains(IReadOnlyList<IPNetwork> networks, IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(n => n.Contains(plain));
    }
}
