namespace Par.Api.Surfaces.A2a;

/// <summary>The states a PAR task goes through; everything from Completed on is terminal.</summary>
internal enum A2aTaskState { Submitted, Working, Completed, Failed, Canceled, Rejected }

internal static class A2aTaskStates
{
    public static bool IsTerminal(this A2aTaskState state) => state >= A2aTaskState.Completed;

    /// <summary>The 1.0 ProtoJSON name: TASK_STATE_COMPLETED.</summary>
    public static string V1(this A2aTaskState state) => A2aProtoNames.TaskStatePrefix + state.ToString().ToUpperInvariant();

    /// <summary>The 0.3 name: completed.</summary>
    public static string V03(this A2aTaskState state) => state.ToString().ToLowerInvariant();

    /// <summary>A state filter as either version writes it; null when it names none of PAR's states.</summary>
    public static A2aTaskState? Parse(string text)
    {
        foreach (var state in Enum.GetValues<A2aTaskState>())
        {
            if (text == state.V1() || text == state.V03())
            {
                return state;
            }
        }

        return null;
    }
}
