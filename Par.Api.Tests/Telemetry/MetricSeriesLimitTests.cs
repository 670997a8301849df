using System.Globalization;
using System.Text.RegularExpressions;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Telemetry;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Telemetry;

/// <summary>
/// Runs alone: every host in the test process feeds the same static meter, so this test's hundreds of label sets
/// would reach the series of the telemetry tests running beside it.
/// </summary>
[CollectionDefinition(nameof(MetricSeriesLimitTests), DisableParallelization = true)]
public sealed class MetricSeriesLimitCollection;

/// <summary>
/// A metric keeps at most <see cref="ParTelemetry.SeriesLimit"/> label sets; the calls beyond them are counted, not
/// dropped, in the one series labelled otel_metric_overflow="true".
/// </summary>
[Collection(nameof(MetricSeriesLimitTests))]
public sealed class MetricSeriesLimitTests
{
    private static readonly Regex ActionSeries = new(@"^par_invoke_duration_seconds_count\{[^}]*action=""(?<action>limit_\d+)""[^}]*\} (?<count>\d+)$", RegexOptions.Multiline);
    private static readonly Regex OverflowSeries = new(@"^par_invoke_duration_seconds_count\{[^}]*otel_metric_overflow=""true""[^}]*\} (?<count>\d+)$", RegexOptions.Multiline);

    [Fact]
    public async Task MoreActionsThanTheLimit_ExtraCallsCountedInTheOverflowSeries()
    {
        var extra = 40;
        var actions = Enumerable.Range(0, ParTelemetry.SeriesLimit + extra).Select(i => "limit_" + i.ToString("D3", CultureInfo.InvariantCulture)).ToArray();
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TelemetryAgent.WithHandlers(dir, actions),
        });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));

        foreach (var action in actions)
        {
            Assert.True((await client.InvokeAsync(new ActionRequest { Action = action })).Success, action);
        }

        using var response = await host.Rest.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var kept = ActionSeries.Matches(text);
        var overflow = Assert.Single(OverflowSeries.Matches(text));

        Assert.Equal(ParTelemetry.SeriesLimit, kept.Count);
        Assert.All(kept, series => Assert.Equal("1", series.Groups["count"].Value));
        Assert.Equal(extra, int.Parse(overflow.Groups["count"].Value, CultureInfo.InvariantCulture));
    }
}
