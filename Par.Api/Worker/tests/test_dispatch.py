"""Where a handler runs (par_worker.control.where): coroutines and declared non-blocking functions on the event loop's
thread, in the connection's own task; every other plain function on the thread pool."""
import asyncio
import functools
import json
import threading
import unittest

from par_worker.control import AWAIT, IN_POOL, ON_LOOP, Control, where
from par_worker.http11 import read_request
from par_worker.loader import Agent

from tests.support import Pair, within


def on_main_thread(p):
    return threading.current_thread() is threading.main_thread()


def nonblocking(fn):
    fn.__par_nonblocking__ = True
    return fn


class WhereTests(unittest.TestCase):
    def test_coroutine_functions_and_their_partials_and_instances_are_awaited(self):
        async def handler(p):
            return p

        class Callable:
            async def __call__(self, p):
                return p
        for fn in (handler, functools.partial(handler), Callable()):
            with self.subTest(fn=fn):
                self.assertIs(AWAIT, where(fn))

    def test_the_declaration_on_a_function_a_partial_a_method_or_a_call_method_puts_it_on_the_loop(self):
        class Agent:
            @nonblocking
            def method(self, p):
                return p

        class Callable:
            @nonblocking
            def __call__(self, p):
                return p
        for fn in (nonblocking(lambda p: p), functools.partial(nonblocking(lambda p, q: p), q=1), Agent().method,
                   Callable()):
            with self.subTest(fn=fn):
                self.assertIs(ON_LOOP, where(fn))

    def test_undeclared_or_not_exactly_true_stays_on_the_pool(self):
        plain, false, truthy = (lambda p: p), (lambda p: p), (lambda p: p)
        false.__par_nonblocking__, truthy.__par_nonblocking__ = False, "yes"
        for fn in (plain, false, truthy, print):
            with self.subTest(fn=fn):
                self.assertIs(IN_POOL, where(fn))


class ThreadTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.agent = Agent()
        self.control = Control(self.agent, asyncio.get_running_loop())

    async def asyncTearDown(self):
        self.control.close()

    async def result(self, action):
        answer = await within(self.control.invoke(action, b"{}", "r-1"))
        self.assertTrue(answer["success"], answer)
        return json.loads(answer["result"])

    async def test_a_coroutine_handler_runs_on_the_loops_main_thread(self):
        async def handler(p):
            return on_main_thread(p)
        self.agent.handlers["c"] = handler

        self.assertIs(True, await self.result("c"))

    async def test_a_declared_non_blocking_sync_handler_runs_on_the_loops_main_thread(self):
        self.agent.handlers["n"] = nonblocking(on_main_thread)

        self.assertIs(True, await self.result("n"))

    async def test_a_blocking_sync_handler_runs_off_the_loop(self):
        self.agent.handlers["b"] = on_main_thread
        names = []
        self.agent.handlers["name"] = lambda p: names.append(threading.current_thread().name) or 1

        self.assertIs(False, await self.result("b"))
        await self.result("name")
        self.assertTrue(names[0].startswith("par-handler"), names)

    async def test_a_non_blocking_servicer_invoke_runs_on_the_loop(self):
        class Servicer:
            @nonblocking
            def Invoke(self, request, context):
                return {"success": True, "result": on_main_thread(None)}
        self.agent.servicer = Servicer()

        self.assertIs(True, await self.result("any"))

    async def test_a_slow_blocking_handler_does_not_stall_a_coroutine_handler(self):
        release = threading.Event()
        self.agent.handlers["slow"] = lambda p: release.wait(30) and "released"

        async def quick(p):
            return "quick"
        self.agent.handlers["quick"] = quick
        slow = asyncio.ensure_future(self.control.invoke("slow", b"{}", "r-1"))
        await asyncio.sleep(0)

        self.assertEqual({"success": True, "result": "quick"}, await within(self.control.invoke("quick", b"{}", "r-2")))
        self.assertFalse(slow.done())
        release.set()
        self.assertEqual({"success": True, "result": "released"}, await within(slow))


class ConnectionTaskTests(unittest.IsolatedAsyncioTestCase):
    """An Invoke on the loop runs in the task that serves the connection: no task of its own, no watcher task."""

    async def asyncSetUp(self):
        self.pair = await Pair.open()
        self.agent = Agent()
        self.control = Control(self.agent, asyncio.get_running_loop())

    async def asyncTearDown(self):
        self.control.close()
        await self.pair.close()

    async def start(self, action):
        await self.pair.send(b"POST /_par/invoke/%s HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}" % action)
        req = await within(read_request(self.pair.conn))
        return asyncio.ensure_future(self.control.handle(self.pair.conn, req))

    async def test_a_coroutine_and_a_non_blocking_handler_run_in_the_connections_task(self):
        seen = []

        async def coroutine(p):
            seen.append((asyncio.current_task(), len(asyncio.all_tasks())))
            return "c"

        @nonblocking
        def plain(p):
            seen.append((asyncio.current_task(), len(asyncio.all_tasks())))
            return "n"
        self.agent.handlers.update(c=coroutine, n=plain)
        for action in (b"c", b"n"):
            with self.subTest(action=action):
                seen.clear()
                tasks_before = len(asyncio.all_tasks())
                handling = await self.start(action)
                self.assertTrue(await within(handling))
                response = await self.pair.read_response()

                self.assertEqual([(handling, tasks_before + 1)], seen)
                self.assertEqual({"success": True, "result": action.decode()}, json.loads(response.body))

    async def test_a_close_before_the_call_cancels_a_coroutine_at_its_first_await(self):
        reached = []

        async def waits(p):
            await asyncio.sleep(30)
            reached.append("after the await")
        self.agent.handlers["w"] = waits
        await self.pair.send(b"POST /_par/invoke/w HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
        self.pair.writer.write_eof()  # the request, then the client's half-close, before the call begins
        for _ in range(3000):  # the worker's side sees the EOF
            if self.pair.conn.closed:
                break
            await asyncio.sleep(0.01)
        req = await within(read_request(self.pair.conn))

        self.assertFalse(await within(self.control.handle(self.pair.conn, req)))
        self.assertEqual([], reached)
