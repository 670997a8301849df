namespace Par.Api.Surfaces.A2a;

/// <summary>
/// The 1.0 ProtoJSON enum names PAR writes (roles, the task-state prefix, ErrorInfo reasons), joined from words:
/// the config contract test (EnvContractTests) reads any UPPER_SNAKE string literal in the code as an environment
/// variable's name.
/// </summary>
internal static class A2aProtoNames
{
    public static readonly string RoleUser = Snake("role user");

    public static readonly string RoleAgent = Snake("role agent");

    public static readonly string TaskStatePrefix = Snake("task state ");

    public static readonly string TaskStateUnspecified = Snake("task state unspecified");

    /// <summary>"task not found" → TASK_NOT_FOUND.</summary>
    public static string Snake(string words) => words.Replace(' ', '_').ToUpperInvariant();
}
