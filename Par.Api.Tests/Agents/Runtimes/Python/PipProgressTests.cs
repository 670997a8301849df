using Par.Api.Agents.Runtimes.Python;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>pip's counts read from lines that pip 23.2 wrote (a wheelhouse, a local project built in-tree, an index).</summary>
public sealed class PipProgressTests
{
    /// <summary>One install from a wheelhouse with a local project, verbatim (pip 23.2.1, stdout to a pipe).</summary>
    private static readonly string[] WheelhouseAndLocalProject =
    [
        "Looking in links: /opt/wheels, wh",
        "Processing ./held",
        "  Getting requirements to build wheel: started",
        "  Getting requirements to build wheel: finished with status 'done'",
        "  Preparing metadata (pyproject.toml): started",
        "  Preparing metadata (pyproject.toml): finished with status 'done'",
        "Processing ./wh/heldpkg-1.0-py3-none-any.whl (from -r req3.txt (line 1))",
        "Building wheels for collected packages: holdpkg",
        "  Building wheel for holdpkg (pyproject.toml): started",
        "  Building wheel for holdpkg (pyproject.toml): finished with status 'done'",
        "  Created wheel for holdpkg: filename=holdpkg-1.0-py3-none-any.whl size=918 sha256=f168554ee683fe75c6f575dd96a2ad5dee366479a982a3d9802a432913151aca",
        "  Stored in directory: /tmp/pip-ephem-wheel-cache-iyh0q70p/wheels/62/5c/2c/cf704fc2d3081e11471a2da12eda1733da0503e40b01e5d33f",
        "Successfully built holdpkg",
        "Installing collected packages: holdpkg, heldpkg",
        "Successfully installed heldpkg-1.0 holdpkg-1.0",
    ];

    [Fact]
    public void Read_WheelhouseAndLocalProject_TwoCollectedTwoInstalled()
    {
        var seen = new List<PipProgress>();
        var progress = PipProgress.None;
        foreach (var line in WheelhouseAndLocalProject)
        {
            progress = progress.Read(line);
            seen.Add(progress);
        }

        Assert.Equal(new PipProgress(2, 2, 2, "Successfully installed heldpkg-1.0 holdpkg-1.0"), progress);
        // While the local project builds, both are collected and none installed; the latest line is the build's, trimmed.
        Assert.Equal(new PipProgress(2, 0, 0, "Building wheel for holdpkg (pyproject.toml): started"), seen[8]);
        Assert.Equal(new PipProgress(2, 2, 0, "Installing collected packages: holdpkg, heldpkg"), seen[^2]);
    }

    [Fact]
    public void Read_FromAnIndex_CollectingCountsAndTheIndentedDownloadIsOnlyTheLatestLine()
    {
        var progress = PipProgress.None
            .Read("Collecting numpy==1.26.4")
            .Read("  Downloading numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (18.3 MB)")
            .Read("Collecting requests")
            .Read("  Using cached requests-2.31.0-py3-none-any.whl (62 kB)")
            .Read("Collecting charset-normalizer<4,>=2 (from requests)")
            .Read("Requirement already satisfied: idna<4,>=2.5 in ./venv/lib/python3.11/site-packages (from requests) (3.6)")
            .Read("");

        Assert.Equal(3, progress.Collected);
        Assert.Equal(0, progress.Installed);
        Assert.Equal("Requirement already satisfied: idna<4,>=2.5 in ./venv/lib/python3.11/site-packages (from requests) (3.6)", progress.Latest);
    }

    [Fact]
    public void ToStep_CountsInOrderAndTheLatestLineAsDetail_LongLinesCut()
    {
        var line = "Collecting " + new string('x', 400);

        var step = PipProgress.None.Read(line).ToStep();

        Assert.Equal([new("collected", 1L), new("installing", 0L), new("installed", 0L)], step.Counts);
        Assert.Equal(line[..200] + "…", step.Detail);
    }
}
