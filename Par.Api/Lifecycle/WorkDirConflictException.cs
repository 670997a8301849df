using Par.Api.Config;

namespace Par.Api.Lifecycle;

/// <summary>PAR_WORK_DIR holds, without PAR's marker, entries PAR would replace: someone else's, so PAR does not start (78).</summary>
internal sealed class WorkDirConflictException(string workDir, IReadOnlyList<string> entries) : Exception(
    $"{EnvNames.ParWorkDir}={workDir} holds {string.Join(", ", entries.Select(e => $"'{e}'"))}, which PAR did not create " +
    $"(no {WorkDirOwnership.Marker} marker) and would replace: give PAR an empty or a dedicated directory");
