using Par.Api.Lifecycle.Boot;

namespace Par.Api.Packages;

/// <summary>The readiness check of the package phases (fetch, verify, extract): ok once its manifest has been read.</summary>
internal static class PackageChecks
{
    public static readonly BootCheck Package = new("package", 10);
}
