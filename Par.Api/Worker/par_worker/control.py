"""PAR's control routes on the worker: GET /_par/status and POST /_par/invoke/{action}.

An action runs the agent's handler or its servicer's Invoke, and its outcome is always one JSON answer
{"success", "result" | "error", "metadata"?}. Where a handler runs (docs/python-agents.md, "Where a handler runs"):
a coroutine function is awaited on the event loop; a plain function declared non-blocking
(`handler.__par_nonblocking__ = True`) is called on the loop; any other plain function runs on the thread pool.

When the client closes the connection before the answer (PAR abandoned the call: an A2A CancelTask, a gRPC
deadline, a caller that went away), a coroutine handler is cancelled at its next await; a thread cannot be
stopped, so a sync handler runs to its end and its late result is dropped. The close is seen by the connection's
Protocol as it happens (http11.Conn.on_close): no watcher task per call.
"""
import asyncio
import concurrent.futures
import functools
import inspect
import json
import os
import sys
import traceback
import types

from par_worker.common import describe, log
from par_worker.http11 import json_bytes, respond, unquote

STATUS_PATH = "/_par/status"
INVOKE_PREFIX = b"/_par/invoke/"
ENVELOPE_KEYS = frozenset(("success", "result", "error", "metadata"))
NONBLOCKING = "__par_nonblocking__"  # a handler's attribute: True = a plain function that may run on the loop

AWAIT, ON_LOOP, IN_POOL = "await", "loop", "pool"  # how a handler is called, see where()


def where(fn):
    """AWAIT for a coroutine function (or an object whose __call__ is one, or a partial of either), ON_LOOP for a
    plain callable declared non-blocking (the attribute on it, on its __call__, or on a partial's function), IN_POOL
    for any other."""
    target = fn.func if isinstance(fn, functools.partial) else fn
    if inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(target, "__call__", None)):
        return AWAIT
    for obj in (fn, target, getattr(target, "__call__", None)):
        if getattr(obj, NONBLOCKING, False) is True:
            return ON_LOOP
    return IN_POOL


DOC_LIMIT = 1024


def handler_docs(handlers):
    """Each handler's own docstring (cleaned, at most DOC_LIMIT characters), for the agent card and MCP tools.

    Only a docstring the handler itself defines counts: a bound method's or a partial's underlying function's, never
    the one a plain instance inherits from its class (that describes the class, not the action).
    """
    docs = {}
    for name, fn in handlers.items():
        target = fn.func if isinstance(fn, functools.partial) else fn
        if not (inspect.isfunction(target) or inspect.ismethod(target) or inspect.isbuiltin(target)):
            continue
        doc = inspect.getdoc(target)
        if isinstance(doc, str) and doc.strip():
            docs[name] = doc.strip()[:DOC_LIMIT]
    return docs


class Control:
    def __init__(self, agent, loop):
        self.agent, self.loop = agent, loop
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=32, thread_name_prefix="par-handler")
        self.kinds = {}  # handler -> where(handler), found on its first call

    def status(self):
        return {"state": "loaded", "actions": sorted(self.agent.handlers), "docs": handler_docs(self.agent.handlers),
                "asgi": self.agent.app is not None, "servicer": self.agent.servicer is not None,
                "task": self.agent.task is not None, "warnings": self.agent.warnings, "pid": os.getpid(),
                "python": sys.version.split()[0]}  # what platform.python_version() says, without importing platform

    async def handle(self, conn, req):
        """Serves req when it is a control route and returns whether the connection can be reused; None otherwise."""
        if req.path == STATUS_PATH and req.method in ("GET", "HEAD"):
            await respond(conn, 200, json_bytes(self.status()), b"application/json", req.keep_alive, req.method == "HEAD")
            return req.keep_alive
        if req.method == "POST" and req.raw_path.startswith(INVOKE_PREFIX):
            action = unquote(req.raw_path[len(INVOKE_PREFIX):].decode("latin-1"))
            raw = await req.body.read_all()
            request_id = (req.h.get(b"x-request-id") or b"").decode("latin-1") or os.urandom(16).hex()
            traceparent = (req.h.get(b"traceparent") or b"").decode("latin-1") or None
            answer = await self.invoke_until_closed(conn, action, raw, request_id, traceparent)
            if answer is None:
                return False
            await respond(conn, 200, json_bytes(answer), b"application/json", req.keep_alive)
            return req.keep_alive
        return None

    async def invoke_until_closed(self, conn, action, raw, request_id, traceparent=None):
        """The answer, or None when the client closed the connection first (the call is then cancelled).

        The call runs in the connection's own task; a close cancels that task (the call is awaited by nothing else),
        so no second task, no watcher and no asyncio.wait per call."""
        task, abandoned = asyncio.current_task(self.loop), []

        def abandon():
            abandoned.append(True)
            task.cancel()
        conn.on_close = abandon
        if conn.closed:  # it went before the call began: cancelled at the call's first await
            conn.client_closed()
        try:
            return await self.invoke(action, raw, request_id, traceparent)
        except asyncio.CancelledError:
            if not abandoned:  # the worker is stopping: the call goes with the connection
                raise
            log("action %r abandoned by the caller (request %s): cancelled" % (action, request_id))
            return None
        finally:
            conn.on_close = None

    async def invoke(self, action, raw, request_id, traceparent=None):
        try:
            params = json.loads(raw.decode("utf-8")) if raw.strip() else {}
        except ValueError as exc:
            return {"success": False, "error": "Invalid JSON parameters: %s" % exc}
        if not isinstance(params, dict):
            return {"success": False, "error": "Parameters must be a JSON object"}
        fn = self.agent.handlers.get(action)
        try:
            if fn is not None:
                return envelope_answer(await self.call(fn, params))
            if self.agent.servicer is None:
                return {"success": False, "error": "No handler found for action: %s" % action}
            request = types.SimpleNamespace(action=action, parameters=params, request_id=request_id, traceparent=traceparent)
            return servicer_answer(await self.call(self.agent.servicer.Invoke, request, None))
        except (Exception, SystemExit) as exc:  # a handler calling sys.exit must not end the worker
            log("action %r raised:\n%s" % (action, traceback.format_exc()))
            return {"success": False, "error": describe(exc)}

    async def call(self, fn, *args):
        how = self.kinds.get(fn)
        if how is None:
            how = where(fn)
            try:
                self.kinds[fn] = how
            except TypeError:  # an unhashable callable: asked again next time
                pass
        if how is AWAIT:
            return await fn(*args)
        if how is ON_LOOP:
            result = fn(*args)
        else:
            result = await self.loop.run_in_executor(self.pool, functools.partial(fn, *args))
        if inspect.isawaitable(result):  # sync wrapper returning a coroutine
            result = await result
        return result

    def close(self):
        self.pool.shutdown(wait=False)


def as_text(value):
    return value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)


def envelope_answer(value):
    """pixell agents' envelope {"success": bool, "result" | "error": ..., "metadata": {...}} is unwrapped; any
    other value (a dict with other keys, a non-bool success) is the result itself."""
    if isinstance(value, dict) and isinstance(value.get("success"), bool) and ENVELOPE_KEYS.issuperset(value):
        return answer(value.get, "the action reported failure")
    return {"success": True, "result": as_text(value)}


def servicer_answer(reply):
    """A servicer may return a dict/object with success/result/error, or a plain value."""
    if isinstance(reply, dict) and "success" in reply:
        return answer(reply.get, "the servicer reported failure")
    if not isinstance(reply, dict) and hasattr(reply, "success"):  # e.g. a protobuf ActionResult
        return answer(lambda name, default=None: getattr(reply, name, default), "the servicer reported failure")
    return {"success": True, "result": as_text(reply)}


def answer(get, failure):
    out = {"success": bool(get("success", False))}
    if out["success"]:
        result = get("result", None)
        out["result"] = "" if result is None else as_text(result)
    else:
        out["error"] = str(get("error", "") or failure)
    metadata = get("metadata", None)
    if isinstance(metadata, dict) and metadata:
        out["metadata"] = {str(k): as_text(v) for k, v in metadata.items()}
    elif metadata is not None and hasattr(metadata, "items"):  # a protobuf map
        out["metadata"] = {str(k): as_text(v) for k, v in metadata.items()}
    return out
