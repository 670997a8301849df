"""An entrypoint-only agent's long-running task: started once the worker listens; its end ends the worker."""
import asyncio
import inspect
import threading
import traceback

from par_worker.common import LoadError, describe, log


async def start_task(fn, ref, loop, ended):
    """Runs the entrypoint as the agent's long-running task and returns its future once it has started.
    A failure right at the start is a LoadError; any later end, by return or exception, calls ended(future)."""
    if inspect.iscoroutinefunction(fn):
        task = asyncio.ensure_future(fn())
    else:
        task = asyncio.ensure_future(run_in_thread(fn, loop))
    await asyncio.sleep(0)  # let it run to its first await, so a failure right at the start is a load failure
    if task.done() and not task.cancelled() and task.exception() is not None:
        exc = task.exception()
        raise LoadError("entrypoint task %r failed as it started: %s" % (ref, describe(exc))) from exc
    task.add_done_callback(ended)
    log("entrypoint task %r started" % ref)
    return task


def end_message(task, ref):
    """What the worker logs when the task ended on its own."""
    if task.cancelled():
        return "the entrypoint task %r was cancelled; the worker stops" % ref
    if task.exception() is not None:
        exc = task.exception()
        return "the entrypoint task %r raised; the worker stops:\n%s" % (
            ref, "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    return ("the entrypoint task %r returned; an entrypoint-only agent is a long-running task, "
            "so the worker stops" % ref)


async def run_in_thread(fn, loop):
    done = loop.create_future()

    def body():
        try:
            result = fn()
        except BaseException as exc:  # SystemExit too: the task is over either way
            loop.call_soon_threadsafe(lambda: done.done() or done.set_exception(exc))
        else:
            loop.call_soon_threadsafe(lambda: done.done() or done.set_result(result))

    threading.Thread(target=body, name="par-entrypoint", daemon=True).start()
    result = await done
    if inspect.isawaitable(result):  # a sync wrapper returning a coroutine
        await result
