using Par.Api.Lifecycle.Boot;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// How far pip got, read from its output lines: the distributions it collected (a top-level <c>Collecting X</c> from an
/// index, <c>Processing ./x.whl</c> from a wheelhouse or a local project), how many it then said it is installing, how
/// many it says it installed, and its latest line. Indented lines (downloads, builds) are only the latest line.
/// </summary>
internal sealed record PipProgress(int Collected, int Installing, int Installed, string? Latest)
{
    /// <summary>The step's name in /ready while pip runs.</summary>
    public const string StepName = "pip install";

    /// <summary>A latest line longer than this is cut: it goes into every /ready body while pip runs.</summary>
    private const int DetailLimit = 200;

    public static PipProgress None { get; } = new(0, 0, 0, null);

    /// <summary>The progress after pip wrote <paramref name="line"/>; blank lines change nothing.</summary>
    /// <param name="line">One line of pip's stdout or stderr.</param>
    public PipProgress Read(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return this;
        }

        var latest = line.Trim();
        latest = latest.Length > DetailLimit ? latest[..DetailLimit] + "…" : latest;
        if (line.StartsWith("Collecting ", StringComparison.Ordinal) || line.StartsWith("Processing ", StringComparison.Ordinal))
        {
            return this with { Collected = Collected + 1, Latest = latest };
        }

        if (After(line, "Installing collected packages:") is { } installing)
        {
            return this with { Installing = installing.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length, Latest = latest };
        }

        if (After(line, "Successfully installed ") is { } installed)
        {
            return this with { Installed = installed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, Latest = latest };
        }

        return this with { Latest = latest };
    }

    /// <summary>The counts and the latest line as the boot step's progress.</summary>
    public StepProgress ToStep() => new([new("collected", Collected), new("installing", Installing), new("installed", Installed)], Latest);

    private static string? After(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : null;
}
