using Par.Api.Lifecycle.Boot;
using Par.Api.Packages.Download;
using Par.Api.Packages.Sources;
using Par.Api.Packages.Sources.Https;

namespace Par.Api.Packages;

internal static class PackagesExtensions
{
    public static IHostApplicationBuilder AddParPackages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(RetryTiming.Default);
        builder.Services.AddSingleton<INetworkDialer, SocketDialer>();
        builder.Services.AddSingleton<ConnectGuard>();
        builder.Services.AddSingleton(new S3ClientFactory());
        builder.Services.AddSingleton<IPackageSource, LocalPackageSource>();
        builder.Services.AddSingleton<IPackageSource, HttpsPackageSource>();
        builder.Services.AddSingleton<IPackageSource, S3PackageSource>();
        builder.Services.AddSingleton<DownloadGuard>();
        builder.Services.AddSingleton<PackageDownloader>();
        builder.Services.AddBootPhase<FetchPhase>();
        builder.Services.AddBootCheck(PackageChecks.Package);
        return builder;
    }
}
