"""The ASGI lifespan protocol: startup before the worker reports itself loaded, shutdown as it stops."""
import asyncio

from par_worker.common import LoadError, describe, log


class Lifespan:
    def __init__(self, app, loop):
        self.app, self.state, self.queue = app, {}, asyncio.Queue()
        self.started, self.stopped = loop.create_future(), loop.create_future()
        self.task = self.error = None

    async def startup(self):
        self.task = asyncio.ensure_future(self._run())
        self.queue.put_nowait({"type": "lifespan.startup"})
        await asyncio.wait([self.started, self.task], return_when=asyncio.FIRST_COMPLETED)
        if not self.started.done():
            log("the ASGI app does not support lifespan (%s); carrying on without it"
                % (describe(self.error) if self.error else "it returned at once"))
        elif self.started.result()["type"] == "lifespan.startup.failed":
            raise LoadError("ASGI lifespan startup failed: %s" % (self.started.result().get("message") or "no message"))

    async def _run(self):
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        try:
            await self.app(scope, self.queue.get, self._send)
        except Exception as exc:
            self.error = exc
            if self.started.done():
                log("ASGI lifespan raised %s" % describe(exc))

    async def _send(self, message):
        kind = message.get("type", "")
        target = self.started if kind.startswith("lifespan.startup.") else self.stopped
        if not target.done():
            target.set_result(message)

    async def shutdown(self, timeout):
        if self.task is None or self.task.done():
            return
        self.queue.put_nowait({"type": "lifespan.shutdown"})
        await asyncio.wait([self.stopped, self.task], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
