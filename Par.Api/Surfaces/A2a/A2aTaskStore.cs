using Par.Api.Config;
using Par.Api.Logging;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// The tasks PAR remembers, in memory and bounded (A2A_TASK_LIMIT, A2A_TASK_TTL_SEC): a finished task is forgotten
/// after the TTL, or earlier when the store is full (oldest first); tasks still running are never dropped. A restart
/// forgets everything, which the spec allows (TaskNotFound for a purged task).
/// </summary>
internal sealed partial class A2aTaskStore(ParOptions options, TimeProvider time, ILogger<A2aTaskStore> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, A2aTask> _tasks = new(StringComparer.Ordinal);

    public A2aTask? Find(string id)
    {
        lock (_gate)
        {
            return _tasks.TryGetValue(id, out var task) && !Expired(task, time.GetUtcNow()) ? task : null;
        }
    }

    /// <summary>Stores a new task; false when the store is full of running tasks.</summary>
    public bool TryAdd(A2aTask task)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var expired in _tasks.Values.Where(t => Expired(t, now)).ToList())
            {
                _tasks.Remove(expired.Id);
            }

            while (_tasks.Count >= options.Agent.A2aTaskLimit)
            {
                var oldest = _tasks.Values.Where(t => t.State.IsTerminal()).MinBy(t => t.Updated);
                if (oldest is null)
                {
                    StoreFull(logger, _tasks.Count);
                    return false;
                }

                _tasks.Remove(oldest.Id);
                Evicted(logger, oldest.Id, _tasks.Count + 1);
            }

            _tasks.Add(task.Id, task);
            return true;
        }
    }

    /// <summary>Every stored task, the newest first (a stable order for ListTasks pages).</summary>
    public IReadOnlyList<A2aTask> All()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return [.. _tasks.Values.Where(t => !Expired(t, now)).OrderByDescending(t => t.Created).ThenBy(t => t.Id, StringComparer.Ordinal)];
        }
    }

    private bool Expired(A2aTask task, DateTimeOffset now) => task.State.IsTerminal() && now - task.Updated > options.Agent.A2aTaskTtl;

    [LoggerMessage(EventId = LogEvents.Surfaces.A2aTaskEvicted, EventName = "a2a.task.evicted", Level = LogLevel.Debug,
        Message = "A2A task {TaskId} forgotten: the store holds A2A_TASK_LIMIT ({Limit}) tasks")]
    private static partial void Evicted(ILogger logger, string taskId, int limit);

    [LoggerMessage(EventId = LogEvents.Surfaces.A2aStoreFull, EventName = "a2a.store.full", Level = LogLevel.Warning,
        Message = "A2A task refused: all {Count} stored tasks are still running (A2A_TASK_LIMIT)")]
    private static partial void StoreFull(ILogger logger, int count);
}
