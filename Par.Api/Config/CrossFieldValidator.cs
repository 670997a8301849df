using FluentValidation;

namespace Par.Api.Config;

/// <summary>The rules a schema cannot express: relations between variables and structured values.</summary>
internal sealed class CrossFieldValidator : AbstractValidator<EnvSnapshot>
{
    public CrossFieldValidator()
    {
        RuleFor(e => e.Raw(EnvNames.A2aPort))
            .Must((e, _) => Port(e, EnvNames.RestPort) != Port(e, EnvNames.A2aPort))
            .When(e => Port(e, EnvNames.RestPort) is not null && Port(e, EnvNames.A2aPort) is not null)
            .OverridePropertyName(EnvNames.A2aPort)
            .WithMessage(e => $"conflicts with REST_PORT={Port(e, EnvNames.RestPort)}: the listeners need distinct ports");

        RuleFor(e => e.Raw(EnvNames.UiPort))
            .Must((e, _) => Port(e, EnvNames.UiPort) != Port(e, EnvNames.RestPort) && Port(e, EnvNames.UiPort) != Port(e, EnvNames.A2aPort))
            .When(e => !Multiplexed(e) && Port(e, EnvNames.UiPort) is not null)
            .OverridePropertyName(EnvNames.UiPort)
            .WithMessage("conflicts with REST_PORT or A2A_PORT: with MULTIPLEXED=false the UI listener needs its own port");

        RuleFor(e => e.Raw(EnvNames.PackageUrl))
            .Must((e, _) => Given(e, EnvNames.PackageUrl) ^ Given(e, EnvNames.AgentPackagePath))
            .OverridePropertyName(EnvNames.PackageUrl)
            .WithMessage(e => Given(e, EnvNames.PackageUrl)
                ? "exactly one of PACKAGE_URL and AGENT_PACKAGE_PATH must be set, and both are"
                : "exactly one of PACKAGE_URL and AGENT_PACKAGE_PATH must be set, and neither is");

        RuleFor(e => e.Raw(EnvNames.PackageUrl))
            .Must(url => UrlError(url!) is null)
            .When(e => Given(e, EnvNames.PackageUrl))
            .OverridePropertyName(EnvNames.PackageUrl)
            .WithMessage(e => UrlError(e.Raw(EnvNames.PackageUrl)!)!);

        RuleFor(e => e.Raw(EnvNames.PackageUrl))
            .Must((e, url) => PackageLocation.ParseUrl(url!, out _)!.Bucket == e.Raw(EnvNames.S3Bucket)!.Trim())
            .When(e => Given(e, EnvNames.S3Bucket) && Given(e, EnvNames.PackageUrl)
                && PackageLocation.ParseUrl(e.Raw(EnvNames.PackageUrl)!, out _) is { Scheme: PackageScheme.S3 })
            .OverridePropertyName(EnvNames.PackageUrl)
            .WithMessage(e => $"names bucket '{PackageLocation.ParseUrl(e.Raw(EnvNames.PackageUrl)!, out _)!.Bucket}' but S3_BUCKET is '{e.Raw(EnvNames.S3Bucket)!.Trim()}'");

        RuleFor(e => e.Raw(EnvNames.BasePath))
            .Must((e, raw) => BasePath.Normalize(raw, e.Raw(EnvNames.AgentAppId) ?? string.Empty, out _) is not null)
            .When(e => e.Raw(EnvNames.BasePath) is not null)
            .OverridePropertyName(EnvNames.BasePath)
            .WithMessage(e => BasePathError(e));

        // Each check runs once: its result is the rule and its message.
        RuleFor(e => e).Custom((e, context) =>
        {
            if (e.Raw(EnvNames.ForwardedTrustedProxies) is { } raw && IpNetworks.Parse(raw, out var error) is null)
            {
                context.AddFailure(EnvNames.ForwardedTrustedProxies, error ?? string.Empty);
            }
        });

        RuleFor(e => e.Raw(EnvNames.AwsEndpointUrlS3))
            .Must(v => Uri.TryCreate(v!.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps))
            .When(e => Given(e, EnvNames.AwsEndpointUrlS3))
            .OverridePropertyName(EnvNames.AwsEndpointUrlS3)
            .WithMessage("must be an absolute http:// or https:// URL");

        RuleFor(e => e.Raw(EnvNames.OtelExporterOtlpEndpoint))
            .Must(v => Uri.TryCreate(v!.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps))
            .When(e => Given(e, EnvNames.OtelExporterOtlpEndpoint))
            .OverridePropertyName(EnvNames.OtelExporterOtlpEndpoint)
            .WithMessage("must be an absolute http:// or https:// URL");

        RuleFor(e => e.Raw(EnvNames.PackageCaBundle))
            .Must(path => File.Exists(path!.Trim()))
            .When(e => Given(e, EnvNames.PackageCaBundle))
            .OverridePropertyName(EnvNames.PackageCaBundle)
            .WithMessage("names no readable file");

        RuleFor(e => e).Custom((e, context) =>
        {
            foreach (var folder in new[] { EnvNames.ParWorkDir, EnvNames.ParCacheDir })
            {
                if (e.Effective(folder) is { } path && !string.IsNullOrWhiteSpace(path) && WritableDirectory.Problem(path) is { } problem)
                {
                    context.AddFailure(folder, problem);
                }
            }
        });

        RuleFor(e => e.Raw(EnvNames.WheelhouseOffline))
            .Must((e, _) => Given(e, EnvNames.WheelhouseDir))
            .When(e => EnvValues.TryBool(e.Raw(EnvNames.WheelhouseOffline), out var offline) && offline)
            .OverridePropertyName(EnvNames.WheelhouseOffline)
            .WithMessage("is true but WHEELHOUSE_DIR is not set: an offline install needs a wheelhouse");

        RuleFor(e => e.Raw(EnvNames.SignaturePolicy))
            .Must((e, _) => Given(e, EnvNames.PackagePublicKey))
            .When(e => string.Equals(e.Raw(EnvNames.SignaturePolicy)?.Trim(), "enforce", StringComparison.OrdinalIgnoreCase))
            .OverridePropertyName(EnvNames.SignaturePolicy)
            .WithMessage("is enforce but PACKAGE_PUBLIC_KEY is not set");
    }

    private static bool Given(EnvSnapshot e, string name) => !string.IsNullOrWhiteSpace(e.Raw(name));

    private static int? Port(EnvSnapshot e, string name) => EnvValues.Port(e.Effective(name));

    private static bool Multiplexed(EnvSnapshot e) =>
        !EnvValues.TryBool(e.Effective(EnvNames.Multiplexed), out var value) || value;

    private static string? UrlError(string url)
    {
        PackageLocation.ParseUrl(url, out var error);
        return error;
    }

    private static string BasePathError(EnvSnapshot e)
    {
        BasePath.Normalize(e.Raw(EnvNames.BasePath), e.Raw(EnvNames.AgentAppId) ?? string.Empty, out var error);
        return error ?? string.Empty;
    }
}
