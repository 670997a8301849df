using System.Text.Json.Nodes;
using Par.Api.Agents;
using Par.Api.Logging;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// The A2A operations over the store, the same for both versions: a message starts a task that runs one action
/// through the <see cref="AgentInvoker"/>; cancel abandons the worker call (an async handler is cancelled, a sync
/// one runs on and its late result is dropped).
/// </summary>
internal sealed partial class A2aTasks(A2aTaskStore store, AgentInvoker invoker, RunningAgent agent, TimeProvider time, ILogger<A2aTasks> logger)
{
    /// <summary>
    /// Creates and stores the task for a checked 1.0 message, SUBMITTED (or already REJECTED: no such action);
    /// <see cref="Run"/> then starts its action, so a streaming caller can subscribe before the first change.
    /// </summary>
    public (A2aTask Task, AgentCall? Call) Create(JsonObject message, string requestId)
    {
        if (A2aWire.Text(message, "taskId") is { } existing)
        {
            throw store.Find(existing) is { } known
                ? A2aError.Unsupported($"Task {existing} is {known.State.V03()}: PAR runs one action per task, send a new message without taskId")
                : A2aError.TaskNotFound(existing);
        }

        var parameters = A2aWire.Parameters(message); // a bad metadata.params is the caller's error, before any task exists
        var (action, rejection) = A2aWire.Action(message, agent.Actions);
        var id = Guid.NewGuid().ToString();
        var contextId = A2aWire.Text(message, "contextId") ?? Guid.NewGuid().ToString();
        message["taskId"] = id;
        message["contextId"] = contextId;
        var task = new A2aTask(id, contextId, message, time.GetUtcNow());
        if (!store.TryAdd(task))
        {
            throw A2aError.Internal("Too many running tasks (A2A_TASK_LIMIT); retry later");
        }

        if (action is null)
        {
            task.TryMove(A2aTaskState.Rejected, A2aWire.AgentText(rejection!, id, contextId), time.GetUtcNow());
            Rejected(logger, id, rejection!);
            return (task, null);
        }

        return (task, new AgentCall(action, parameters, requestId));
    }

    /// <summary>Runs the task's action in the background (nothing to run for a rejected task).</summary>
    public void Run(A2aTask task, AgentCall? call)
    {
        if (call is not null)
        {
            _ = RunAsync(task, call);
        }
    }

    public A2aTask Find(string id) => store.Find(id) ?? throw A2aError.TaskNotFound(id);

    public IReadOnlyList<A2aTask> All() => store.All();

    /// <summary>Cancels a running task: it is CANCELED at once, the worker call is abandoned.</summary>
    public A2aTask Cancel(string id)
    {
        var task = Find(id);
        if (!task.TryMove(A2aTaskState.Canceled, null, time.GetUtcNow()))
        {
            throw A2aError.TaskNotCancelable(id, task.State);
        }

        task.Cancellation.Cancel();
        Canceled(logger, id);
        return task;
    }

    private async Task RunAsync(A2aTask task, AgentCall call)
    {
        await Task.Yield(); // off the request's thread
        if (!task.TryMove(A2aTaskState.Working, null, time.GetUtcNow()))
        {
            return;
        }

        Started(logger, task.Id, call.Action);
        ActionOutcome outcome;
        try
        {
            outcome = await invoker.InvokeAsync(call, task.Cancellation.Token);
        }
        catch (OperationCanceledException) when (task.Cancellation.IsCancellationRequested)
        {
            return; // CancelTask already moved it to CANCELED
        }
        catch (Exception e)
        {
            outcome = new ActionOutcome(false, null, $"the action could not be called: {e.Message}");
        }

        var now = time.GetUtcNow();
        if (outcome.Success)
        {
            if (task.TryAddArtifact(A2aWire.Artifact(outcome.Result)))
            {
                task.TryMove(A2aTaskState.Completed, null, now);
            }
        }
        else
        {
            task.TryMove(A2aTaskState.Failed, A2aWire.AgentText(outcome.Error ?? "the action failed", task.Id, task.ContextId), now);
        }

        Finished(logger, task.Id, call.Action, task.State.V03());
    }

    [LoggerMessage(EventId = LogEvents.Surfaces.A2aTaskStarted, EventName = "a2a.task.started", Level = LogLevel.Debug,
        Message = "A2A task {TaskId} runs action {Action}")]
    private static partial void Started(ILogger logger, string taskId, string action);

    [LoggerMessage(EventId = LogEvents.Surfaces.A2aTaskFinished, EventName = "a2a.task.finished", Level = LogLevel.Debug,
        Message = "A2A task {TaskId} (action {Action}) ended {State}")]
    private static partial void Finished(ILogger logger, string taskId, string action, string state);

    [LoggerMessage(EventId = LogEvents.Surfaces.A2aTaskCanceled, EventName = "a2a.task.canceled", Level = LogLevel.Information,
        Message = "A2A task {TaskId} canceled by its client; the worker call is abandoned")]
    private static partial void Canceled(ILogger logger, string taskId);

    [LoggerMessage(EventId = LogEvents.Surfaces.A2aTaskRejected, EventName = "a2a.task.rejected", Level = LogLevel.Debug,
        Message = "A2A task {TaskId} rejected: {Reason}")]
    private static partial void Rejected(ILogger logger, string taskId, string reason);
}
