namespace Par.Api.Lifecycle;

/// <summary>
/// What PAR_WORK_DIR held before PAR touched it, taken once at start (before the head start writes there), so that
/// the cleanup deletes only what PAR created (SPEC §7): a directory PAR created is removed whole; in one it found,
/// only the entries that were not there at start go, and in one it found non-empty (PAR_WORK_DIR=/tmp, a shared
/// volume) only those that also carry one of PAR's own names, so another process's new files there stay too.
/// PAR marks a work dir it uses (<see cref="Marker"/>): entries with PAR's names found in a marked directory are an
/// earlier PAR's leftovers (a killed container on a kept volume) and are PAR's to replace; found in an unmarked one they
/// belong to someone else, and PAR refuses to start rather than replace them (<see cref="Conflicts"/>).
/// </summary>
internal sealed class WorkDirOwnership
{
    /// <summary>The names PAR gives what it writes directly in PAR_WORK_DIR (download, unpacked package, venv, worker files).</summary>
    private static readonly string[] OwnNames = [Marker, "package.apkg", "package", "venv", "worker.sock", "worker-status.json", "worker-spec.json"];

    /// <summary>The file that says a directory is PAR's work dir.</summary>
    public const string Marker = ".par-work";
    private static readonly string[] OwnPrefixes = ["package.apkg.", ".extract-"];

    private readonly HashSet<string> _found;

    private WorkDirOwnership(string path, bool existed, HashSet<string> found)
    {
        Path = path;
        Existed = existed;
        _found = found;
    }

    public string Path { get; }

    /// <summary>False when PAR_WORK_DIR did not exist at start: PAR creates it, and removes it at the end.</summary>
    public bool Existed { get; }

    /// <summary>True when PAR_WORK_DIR held entries at start: PAR then never empties it.</summary>
    public bool FoundNonEmpty => _found.Count > 0;

    /// <summary>Entries with PAR's own names that PAR_WORK_DIR held at start without PAR's marker: not PAR's to replace.</summary>
    public IReadOnlyList<string> Conflicts =>
        _found.Contains(Marker) ? [] : [.. OwnNames.Where(_found.Contains).Order(StringComparer.Ordinal)];

    public static WorkDirOwnership Claim(string workDir)
    {
        if (!Directory.Exists(workDir))
        {
            var created = new WorkDirOwnership(workDir, existed: false, []);
            created.Mark();
            return created;
        }

        try
        {
            var names = Directory.EnumerateFileSystemEntries(workDir).Select(System.IO.Path.GetFileName).OfType<string>();
            var ownership = new WorkDirOwnership(workDir, existed: true, names.ToHashSet(StringComparer.Ordinal));
            if (ownership.Conflicts.Count == 0)
            {
                ownership.Mark();
            }

            return ownership;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: the boot reports it when it writes there; the cleanup treats every entry as not PAR's.
            return new WorkDirOwnership(workDir, existed: true, new HashSet<string>(StringComparer.Ordinal) { "*" });
        }
    }

    /// <summary>Whether the cleanup may delete the top-level entry <paramref name="name"/>.</summary>
    public bool Created(string name)
    {
        if (_found.Contains(Marker) && OwnNames.Contains(name, StringComparer.Ordinal))
        {
            return true; // an earlier PAR's leftovers in PAR's own work dir
        }

        if (_found.Contains(name) || _found.Contains("*"))
        {
            return false;
        }

        return !FoundNonEmpty || OwnNames.Contains(name, StringComparer.Ordinal) || OwnPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>Writes the marker (creating the directory); a directory that cannot be written is reported by the boot.</summary>
    private void Mark()
    {
        try
        {
            Directory.CreateDirectory(Path);
            File.WriteAllBytes(System.IO.Path.Combine(Path, Marker), []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _ = e; // the phases that write there fail with the reason; an unmarked dir only costs the next start's check
        }
    }
}
