using Microsoft.Extensions.Logging.Abstractions;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Packages.Extraction;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Extraction;

/// <summary>Crafted archives, each refused with exit 65 naming the entry, leaving nothing behind.</summary>
public sealed class ExtractPhaseRefusalTests : IDisposable
{
    private static readonly ZipItem Manifest = ZipItem.Text("agent.yaml", TestZips.MinimalManifest);
    private static readonly ZipItem Code = ZipItem.Text("demo/__init__.py", "");

    private readonly TempDirectory _root = new("par-extract");

    public static TheoryData<string> CraftedCases =>
    [
        "../evil", "/abs", @"C:\x", "a/../../x", "symlink", "fifo", "duplicate", "duplicate after normalising",
        "10,001 entries", "ratio over 200", "total over MAX_EXTRACTED_SIZE_MB",
    ];

    [Theory]
    [MemberData(nameof(CraftedCases))]
    public async Task Extract_CraftedArchive_Exits65NamingTheEntryAndWritesNothing(string crafted)
    {
        var (items, entry) = Crafted(crafted);
        var package = TestZips.Build(_root.Combine("in", "crafted.apkg"), items);

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package, maxExtractedMb: 1));

        Assert.Equal(ExitCodes.PackageInvalid, failure.ExitCode);
        Assert.Equal("package", failure.Check.Name);
        Assert.Contains($"entry '{entry}'", failure.Message);
        AssertNothingWrittenBesides(package);
    }

    [Fact]
    public async Task Extract_EntryInflatingPastItsHeader_Exits65AndRemovesTheHalfUnpackedFolder()
    {
        // Stored, not deflated: .NET already cuts a deflate stream at the declared size, a stored one it does not.
        var package = TestZips.Build(_root.Combine("in", "liar.apkg"), Manifest,
            new ZipItem("lie.bin", TestZips.Incompressible(4096), Level: System.IO.Compression.CompressionLevel.NoCompression));
        TestZips.UnderstateSize(package, "lie.bin", declared: 10);

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package));

        Assert.Equal(ExitCodes.PackageInvalid, failure.ExitCode);
        Assert.Contains("entry 'lie.bin'", failure.Message);
        AssertNothingWrittenBesides(package);
    }

    [Theory]
    [InlineData("wrong CRC-32, deflated", "entry 'demo/data.txt': has CRC-32")]
    [InlineData("wrong CRC-32, stored", "entry 'demo/data.txt': has CRC-32")]
    [InlineData("deflated entry understating its size", "entry 'demo/data.txt': has CRC-32")]
    [InlineData("shell stub before the zip", "tampered.apkg is not a valid zip archive")]
    public async Task Extract_TamperedArchive_Exits65WithTheReasonAndWritesNothing(string tampering, string expected)
    {
        var level = tampering.EndsWith("stored", StringComparison.Ordinal) ? System.IO.Compression.CompressionLevel.NoCompression : System.IO.Compression.CompressionLevel.Optimal;
        var package = TestZips.Build(_root.Combine("in", "tampered.apkg"), Manifest,
            new ZipItem("demo/data.txt", "print('a file that must not be cut short or altered')\n"u8.ToArray(), Level: level));
        switch (tampering)
        {
            case "deflated entry understating its size":
                TestZips.UnderstateSize(package, "demo/data.txt", declared: 10);
                break;
            case "shell stub before the zip":
                TestZips.PrependStub(package, "#!/bin/sh\nexec unzip -o \"$0\"\n");
                break;
            default:
                TestZips.SetCrc(package, "demo/data.txt", 0xdeadbeef);
                break;
        }

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package));

        Assert.Equal(ExitCodes.PackageInvalid, failure.ExitCode);
        Assert.Contains(expected, failure.Message);
        AssertNothingWrittenBesides(package);
    }

    [Fact]
    public async Task Extract_NotAZip_Exits65()
    {
        var package = _root.Write("in/garbage.apkg", "this is not a zip archive");

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package));

        Assert.Equal(ExitCodes.PackageInvalid, failure.ExitCode);
        Assert.Contains("not a valid zip", failure.Message);
        AssertNothingWrittenBesides(package);
    }

    public void Dispose() => _root.Dispose();

    private static (ZipItem[] Items, string Entry) Crafted(string crafted) => crafted switch
    {
        "symlink" => ([Manifest, new ZipItem("link", "/etc/passwd"u8.ToArray(), UnixMode: 0xA1FF)], "link"),
        "fifo" => ([Manifest, new ZipItem("pipe", [], UnixMode: 0x11A4)], "pipe"),
        "duplicate" => ([Manifest, ZipItem.Text("dup.txt", "one"), ZipItem.Text("dup.txt", "two")], "dup.txt"),
        "duplicate after normalising" => ([Manifest, ZipItem.Text("x/y.txt", "one"), ZipItem.Text(@"x\y.txt", "two")], @"x\y.txt"),
        "10,001 entries" => ([Manifest, .. Enumerable.Range(1, 10_000).Select(i => ZipItem.Text($"f/{i:D5}.txt", ""))], "f/10000.txt"),
        "ratio over 200" => ([Manifest, new ZipItem("zeros.bin", new byte[10_000_000])], "zeros.bin"),
        "total over MAX_EXTRACTED_SIZE_MB" => ([Manifest, new ZipItem("big.bin", TestZips.Incompressible(2 * 1024 * 1024))], "big.bin"),
        _ => ([Manifest, Code, ZipItem.Text(crafted, "pwned")], crafted),
    };

    private async Task RunAsync(string package, int maxExtractedMb = 1024)
    {
        var options = ParEnvironment.ForPhase(_root.Combine("work")).With(EnvNames.MaxExtractedSizeMb, maxExtractedMb).Options();
        var phase = new ExtractPhase(options, NullLogger<ExtractPhase>.Instance);
        await phase.RunAsync(new BootContext { PackageFile = package }, CancellationToken.None);
    }

    /// <summary>No file anywhere but the input package, no half-unpacked ".extract-*" folder, no "package" folder.</summary>
    private void AssertNothingWrittenBesides(string package)
    {
        Assert.Equal([package], Directory.GetFiles(_root.Path, "*", SearchOption.AllDirectories));
        var folders = Directory.GetDirectories(_root.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName);
        Assert.DoesNotContain(folders, f => f!.StartsWith(".extract-", StringComparison.Ordinal) || f == ExtractPhase.PackageFolder);
        Assert.False(File.Exists(_root.Combine("evil")));
        Assert.False(File.Exists("/abs"));
    }
}
