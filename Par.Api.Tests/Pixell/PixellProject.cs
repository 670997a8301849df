namespace Par.Api.Tests.Pixell;

/// <summary>
/// A pixell agent project as its author has it on disk, before a pixell builder packs it: the files (agent.yaml among
/// them) and the manifest references the builders act on. <see cref="Dependencies"/> is agent.yaml's
/// <c>dependencies</c> list, which pixell-sdk's builder turns into requirements.txt.
/// </summary>
internal sealed record PixellProject
{
    public required string Name { get; init; }

    public required IReadOnlyDictionary<string, string> Files { get; init; }

    public string? A2aEntry { get; init; }

    public string? RestEntry { get; init; }

    public string? UiPath { get; init; }

    public IReadOnlyList<string> Dependencies { get; init; } = [];

    public string Version { get; init; } = "0.1.0";

    public string Description { get; init; } = "A Pixell agent";

    public PixellProject With(string path, string content) =>
        this with { Files = new Dictionary<string, string>(Files) { [path] = content } };

    /// <summary>The module file a "module:function" reference names, as the builders compute it.</summary>
    public static string ModuleFile(string reference) => reference.Split(':')[0].Replace('.', '/') + ".py";
}
