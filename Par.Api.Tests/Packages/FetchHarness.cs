using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Packages;
using Par.Api.Packages.Download;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages;

/// <summary>
/// The real fetch phase, wired as the runtime wires it (AddParPackages) from a real environment, with logs captured and
/// a short retry backoff. Tests may replace services (the network dialer, the S3 client factory).
/// </summary>
internal sealed class FetchHarness : IDisposable
{
    private readonly ServiceProvider _services;

    private FetchHarness(ParOptions options, Action<IServiceCollection>? configure)
    {
        Options = options;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BootState>();
        builder.Services.AddSingleton<BootSteps>();
        builder.Logging.AddProvider(Logs);
        builder.AddParPackages();
        builder.Services.AddSingleton(new RetryTiming(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)));
        configure?.Invoke(builder.Services);
        _services = builder.Services.BuildServiceProvider();
    }

    public ParOptions Options { get; }

    public CapturedLogs Logs { get; } = new();

    public string WorkDir => Options.Lifecycle.WorkDir;

    /// <summary>What PAR_WORK_DIR holds now (empty when it does not exist).</summary>
    public IReadOnlyList<string> WorkDirFiles => Directory.Exists(WorkDir) ? Directory.GetFileSystemEntries(WorkDir) : [];

    public static FetchHarness Create(IDictionary<string, string?> environment, Action<IServiceCollection>? configure = null)
    {
        var config = ParEnvironment.For("fetch-test").FreshWorkDir("par-fetch").With(environment).Load();
        return config.IsValid
            ? new FetchHarness(config.Options!, configure)
            : throw new InvalidOperationException("test configuration invalid: " + string.Join("; ", config.Errors));
    }

    public async Task<BootContext> RunAsync()
    {
        var context = new BootContext();
        var phase = _services.GetServices<IBootPhase>().Single(p => p.Name == "fetch");
        await phase.RunAsync(context, CancellationToken.None);
        return context;
    }

    public Task<BootFailureException> FailAsync() => Assert.ThrowsAsync<BootFailureException>(RunAsync);

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(WorkDir))
        {
            Directory.Delete(WorkDir, recursive: true);
        }
    }
}
