using System.Runtime.InteropServices;
using System.Text;

namespace Par.Api.Config;

/// <summary>
/// Checks, without creating anything, that a folder PAR will write to is usable: an existing writable directory,
/// or a path whose nearest existing ancestor is a writable directory (so it can be created at boot).
/// </summary>
internal static class WritableDirectory
{
    private const int WriteAndSearch = 2 | 1; // W_OK | X_OK

    /// <summary>Null when usable, else why not.</summary>
    public static string? Problem(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path.Trim());
        }
        catch (ArgumentException e)
        {
            return $"is not a valid path: {e.Message}";
        }

        if (File.Exists(full))
        {
            return "is a file, not a directory";
        }

        if (Directory.Exists(full))
        {
            return Writable(full) ? null : "is a directory that is not writable";
        }

        var ancestor = Path.GetDirectoryName(full);
        while (ancestor is not null && !Directory.Exists(ancestor))
        {
            if (File.Exists(ancestor))
            {
                return $"cannot be created: {ancestor} is a file, not a directory";
            }

            ancestor = Path.GetDirectoryName(ancestor);
        }

        return ancestor is null || Writable(ancestor) ? null : $"cannot be created: {ancestor} is not writable";
    }

    /// <summary>access(2) asks the kernel, which knows about read-only mounts, ACLs and root's privileges.</summary>
    private static bool Writable(string directory) =>
        !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() || Access(Encoding.UTF8.GetBytes(directory + "\0"), WriteAndSearch) == 0;

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    private static extern int Access(byte[] path, int mode);
}
