using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// One task in the store, kept in the 1.0 shape (A2A-NOTES §1.4) and translated per request. Every change happens
/// under one lock, so a subscriber's first snapshot and the events after it never miss or repeat a change.
/// </summary>
internal sealed class A2aTask
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _history = [];
    private readonly List<JsonObject> _artifacts = [];
    private readonly List<Channel<JsonObject>> _listeners = [];
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonObject? _statusMessage;

    public A2aTask(string id, string contextId, JsonObject message, DateTimeOffset now)
    {
        Id = id;
        ContextId = contextId;
        Created = Updated = now;
        _history.Add(message);
    }

    public string Id { get; }

    public string ContextId { get; }

    public DateTimeOffset Created { get; }

    /// <summary>The last status change.</summary>
    public DateTimeOffset Updated { get; private set; }

    public A2aTaskState State { get; private set; }

    /// <summary>Cancelled by CancelTask: abandons the worker call, which cancels an async handler.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Completes when the task reached a terminal state.</summary>
    public Task Finished => _finished.Task;

    /// <summary>The task as 1.0 writes it; at most <paramref name="historyLength"/> messages of history (null: all).</summary>
    public JsonObject Snapshot(int? historyLength = null, bool includeArtifacts = true)
    {
        lock (_gate)
        {
            return SnapshotLocked(historyLength, includeArtifacts);
        }
    }

    /// <summary>Moves to a new state and tells the subscribers; false when the task had already ended.</summary>
    public bool TryMove(A2aTaskState state, JsonObject? statusMessage, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (State.IsTerminal())
            {
                return false;
            }

            State = state;
            Updated = now;
            _statusMessage = statusMessage;
            var update = new JsonObject
            {
                ["statusUpdate"] = new JsonObject
                {
                    ["taskId"] = Id,
                    ["contextId"] = ContextId,
                    ["status"] = StatusLocked(),
                    ["metadata"] = new JsonObject(),
                },
            };
            Publish(update);
            if (state.IsTerminal())
            {
                foreach (var listener in _listeners)
                {
                    listener.Writer.TryComplete();
                }

                _listeners.Clear();
                _finished.TrySetResult();
            }

            return true;
        }
    }

    /// <summary>Adds an artifact (ignored once the task ended: a canceled task's late result is dropped).</summary>
    public bool TryAddArtifact(JsonObject artifact)
    {
        lock (_gate)
        {
            if (State.IsTerminal())
            {
                return false;
            }

            _artifacts.Add(artifact);
            Publish(new JsonObject
            {
                ["artifactUpdate"] = new JsonObject
                {
                    ["taskId"] = Id,
                    ["contextId"] = ContextId,
                    ["artifact"] = artifact.DeepClone(),
                    ["append"] = false,
                    ["lastChunk"] = true,
                },
            });
            return true;
        }
    }

    /// <summary>
    /// The task now and, unless it already ended, a reader of every change after it (closed at the terminal state).
    /// </summary>
    public (JsonObject Snapshot, ChannelReader<JsonObject>? Events) Subscribe()
    {
        lock (_gate)
        {
            var snapshot = SnapshotLocked(null, true);
            if (State.IsTerminal())
            {
                return (snapshot, null);
            }

            var channel = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
            _listeners.Add(channel);
            return (snapshot, channel.Reader);
        }
    }

    public void Unsubscribe(ChannelReader<JsonObject> events)
    {
        lock (_gate)
        {
            _listeners.RemoveAll(c => c.Reader == events);
        }
    }

    private void Publish(JsonObject streamResponse)
    {
        foreach (var listener in _listeners)
        {
            listener.Writer.TryWrite((JsonObject)streamResponse.DeepClone());
        }
    }

    private JsonObject SnapshotLocked(int? historyLength, bool includeArtifacts)
    {
        var history = historyLength is { } n ? _history.Skip(Math.Max(0, _history.Count - n)) : _history;
        var task = new JsonObject
        {
            ["id"] = Id,
            ["contextId"] = ContextId,
            ["status"] = StatusLocked(),
            ["history"] = new JsonArray([.. history.Select(m => m.DeepClone())]),
            ["metadata"] = new JsonObject(),
        };
        if (includeArtifacts)
        {
            task["artifacts"] = new JsonArray([.. _artifacts.Select(a => a.DeepClone())]);
        }

        return task;
    }

    private JsonObject StatusLocked()
    {
        var status = new JsonObject { ["state"] = State.V1(), ["timestamp"] = A2aWire.Timestamp(Updated) };
        if (_statusMessage is not null)
        {
            status["message"] = _statusMessage.DeepClone();
        }

        return status;
    }
}
