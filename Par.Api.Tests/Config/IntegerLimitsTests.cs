using System.Globalization;
using Par.Api.Config;
using static Par.Api.Tests.Config.ConfigTestEnv;

namespace Par.Api.Tests.Config;

/// <summary>SPEC §2: every integer has a maximum small enough that no use of it overflows.</summary>
public sealed class IntegerLimitsTests
{
    private const long Mebibyte = 1024 * 1024;

    /// <summary>The longest wait Task.Delay and CancelAfter accept.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public static TheoryData<string> NumericVariables() => [.. NumericNames()];

    private static IEnumerable<string> NumericNames() =>
        EnvSchema.Instance.Variables.Where(v => v.Type is "integer" or "number").Select(v => v.Name);

    [Theory]
    [MemberData(nameof(NumericVariables))]
    public void Schema_EveryNumber_HasAMinimumAndAMaximum(string name)
    {
        var variable = EnvSchema.Instance[name];

        Assert.NotNull(variable.Minimum);
        Assert.NotNull(variable.Maximum);
        Assert.True(variable.Maximum <= long.MaxValue / Mebibyte, $"{name}'s maximum overflows a size in bytes");
    }

    [Theory]
    [MemberData(nameof(NumericVariables))]
    public void Schema_OneAboveTheMaximum_RejectedNamingTheVariable(string name)
    {
        var above = (EnvSchema.Instance[name].Maximum!.Value + 1).ToString(CultureInfo.InvariantCulture);

        var error = Assert.Single(ErrorsFor(Load((name, above)), name));

        Assert.Contains("must be between", error.Rule);
    }

    [Theory]
    [InlineData(EnvNames.BootBudgetMs)]
    [InlineData(EnvNames.MaxExtractedSizeMb)]
    [InlineData(EnvNames.MinFreeMemoryMb)]
    [InlineData(EnvNames.MaxPackageSizeMb)]
    public void Integer_LongMaxValue_RejectedNotWrapped(string name)
    {
        var error = Assert.Single(ErrorsFor(Load((name, long.MaxValue.ToString(CultureInfo.InvariantCulture))), name));

        Assert.Contains("must be between", error.Rule);
    }

    [Fact]
    public void Options_EveryNumberAtItsMaximum_BindsWithoutOverflowInAnyUse()
    {
        var changes = NumericNames().Select(name => (name, (string?)Maximum(name))).ToList();
        changes.Add((EnvNames.A2aPort, "65534"));
        changes.Add((EnvNames.UiPort, "65533"));

        var result = Load([.. changes]);

        var options = Assert.IsType<ParOptions>(result.Options);
        Assert.Equal(checked(1_048_576L * Mebibyte), options.Package.MaxExtractedBytes);
        Assert.Equal(checked(10_240L * Mebibyte), options.Package.MaxPackageBytes);
        Assert.True(checked(options.Python.MinFreeMemoryMb * Mebibyte) > 0);
        var lifecycle = options.Lifecycle;
        var hardLimit = lifecycle.BootBudget * lifecycle.BootHardLimitMultiplier;
        Assert.Equal(TimeSpan.FromMilliseconds(86_400_000d * 1000), hardLimit);
        TimeSpan[] waits =
        [
            lifecycle.BootBudget, lifecycle.StartupTimeout, lifecycle.BootFailureBackoff, lifecycle.ShutdownDelay,
            lifecycle.GracefulShutdownTimeout, lifecycle.DebugBootDelay, lifecycle.ShutdownDelay + lifecycle.GracefulShutdownTimeout,
            options.Package.DownloadTimeout, options.Python.InstallTimeout,
        ];
        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, LongestWait));
    }

    private static string Maximum(string name) =>
        EnvSchema.Instance[name].Maximum!.Value.ToString(CultureInfo.InvariantCulture);
}
