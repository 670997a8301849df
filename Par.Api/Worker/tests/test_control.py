"""The control routes and action answers (par_worker.control): envelopes, servicers, invoke errors."""
import asyncio
import functools
import json
import sys
import threading
import types
import unittest

from par_worker.control import Control, envelope_answer, servicer_answer
from par_worker.http11 import read_request
from par_worker.loader import Agent

from tests.support import Pair, within


class EnvelopeTests(unittest.TestCase):
    def test_pixell_envelopes_are_unwrapped(self):
        self.assertEqual({"success": True, "result": '{"n": 1}', "metadata": {"took": "3", "who": "me"}},
                         envelope_answer({"success": True, "result": {"n": 1}, "metadata": {"took": 3, "who": "me"}}))
        self.assertEqual({"success": True, "result": ""}, envelope_answer({"success": True}))
        self.assertEqual({"success": False, "error": "no stock"}, envelope_answer({"success": False, "error": "no stock"}))
        self.assertEqual({"success": False, "error": "the action reported failure"}, envelope_answer({"success": False}))

    def test_other_values_are_the_result_itself(self):
        self.assertEqual({"success": True, "result": "plain"}, envelope_answer("plain"))
        self.assertEqual({"success": True, "result": '{"success": "yes"}'}, envelope_answer({"success": "yes"}))
        self.assertEqual({"success": True, "result": '{"success": true, "extra": 1}'}, envelope_answer({"success": True, "extra": 1}))
        self.assertEqual({"success": True, "result": "null"}, envelope_answer(None))
        self.assertEqual({"success": True, "result": '{"k": "caf\u00e9"}'}, envelope_answer({"k": "caf\u00e9"}))

    def test_servicer_replies_as_dicts_objects_or_values(self):
        self.assertEqual({"success": True, "result": "x"}, servicer_answer({"success": True, "result": "x"}))
        reply = types.SimpleNamespace(success=False, error="", metadata={"a": 1})
        self.assertEqual({"success": False, "error": "the servicer reported failure", "metadata": {"a": "1"}}, servicer_answer(reply))
        self.assertEqual({"success": True, "result": "[1, 2]"}, servicer_answer([1, 2]))


class InvokeTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.agent = Agent()
        self.control = Control(self.agent, asyncio.get_running_loop())

    async def asyncTearDown(self):
        self.control.close()

    async def invoke(self, action, raw=b"{}", request_id="r-1"):
        return await within(self.control.invoke(action, raw, request_id))

    async def test_sync_handlers_run_on_the_pool_and_async_ones_on_the_loop(self):
        self.agent.handlers["sync"] = lambda p: threading.current_thread().name
        loop_thread = threading.current_thread().name

        async def on_loop(p):
            return threading.current_thread().name
        self.agent.handlers["async"] = on_loop

        self.assertTrue((await self.invoke("sync"))["result"].startswith("par-handler"))
        self.assertEqual(loop_thread, (await self.invoke("async"))["result"])

    async def test_sync_wrapper_returning_a_coroutine_is_awaited(self):
        async def inner():
            return "awaited"
        self.agent.handlers["wrap"] = lambda p: inner()

        self.assertEqual({"success": True, "result": "awaited"}, await self.invoke("wrap"))

    async def test_bad_parameters_unknown_actions_and_raising_handlers_are_answers(self):
        def fails(p):
            raise KeyError("missing")

        def exits(p):
            sys.exit(3)
        self.agent.handlers.update(fails=fails, exits=exits, echo=lambda p: p)

        self.assertEqual(False, (await self.invoke("echo", b"{nope"))["success"])
        self.assertIn("Invalid JSON parameters", (await self.invoke("echo", b"{nope"))["error"])
        self.assertEqual({"success": False, "error": "Parameters must be a JSON object"}, await self.invoke("echo", b"[1]"))
        self.assertEqual({"success": True, "result": "{}"}, await self.invoke("echo", b"  "))
        self.assertEqual({"success": False, "error": "No handler found for action: nope"}, await self.invoke("nope"))
        self.assertEqual({"success": False, "error": "KeyError: 'missing'"}, await self.invoke("fails"))
        self.assertEqual({"success": False, "error": "SystemExit: 3"}, await self.invoke("exits"))

    async def test_servicer_gets_action_parameters_and_request_id(self):
        seen = []

        class Servicer:
            def Invoke(self, request, context):
                seen.append((request.action, request.parameters, request.request_id, context))
                return {"success": True, "result": "done"}
        self.agent.servicer = Servicer()

        self.assertEqual({"success": True, "result": "done"}, await self.invoke("act", b'{"a": 1}', "req-9"))
        self.assertEqual([("act", {"a": 1}, "req-9", None)], seen)


class RouteTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.pair = await Pair.open()
        self.agent = Agent()
        self.agent.handlers["say hi"] = lambda p: {"got": p}
        self.control = Control(self.agent, asyncio.get_running_loop())

    async def asyncTearDown(self):
        self.control.close()
        await self.pair.close()

    async def handle(self, data):
        await self.pair.send(data)
        req = await within(read_request(self.pair.conn))
        return await within(self.control.handle(self.pair.conn, req))

    async def test_status_lists_what_is_loaded(self):
        self.assertTrue(await self.handle(b"GET /_par/status HTTP/1.1\r\n\r\n"))
        status = json.loads((await self.pair.read_response()).body)

        self.assertEqual(("loaded", ["say hi"], False, False, False, []),
                         (status["state"], status["actions"], status["asgi"], status["servicer"], status["task"], status["warnings"]))

    async def test_status_reports_each_handlers_own_docstring(self):
        def documented(params):
            """Says hello.

            Takes a name."""
            return "hi"

        class Callable:
            """A class docstring, not the action's."""
            def __call__(self, params):
                return "x"

        self.agent.handlers.update({"documented": documented, "partial": functools.partial(documented),
                                    "instance": Callable(), "long": lambda p: p})
        self.agent.handlers["long"].__doc__ = "x" * 5000
        status = self.control.status()

        self.assertEqual("Says hello.\n\nTakes a name.", status["docs"]["documented"])
        self.assertEqual(status["docs"]["documented"], status["docs"]["partial"])
        self.assertNotIn("instance", status["docs"])
        self.assertNotIn("say hi", status["docs"])
        self.assertEqual(1024, len(status["docs"]["long"]))

    async def test_head_status_sends_no_body(self):
        self.assertTrue(await self.handle(b"HEAD /_par/status HTTP/1.1\r\n\r\n"))
        data = await self.pair.read_all()

        self.assertTrue(data.endswith(b"\r\n\r\n"), data)
        self.assertIn(b"content-type: application/json\r\n", data)

    async def test_invoke_unquotes_the_action_and_answers_json(self):
        keep = await self.handle(b'POST /_par/invoke/say%20hi HTTP/1.1\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{"a": 1}')
        response = await self.pair.read_response()

        self.assertFalse(keep)
        self.assertEqual(b"close", response.header(b"connection"))
        self.assertEqual({"success": True, "result": '{"got": {"a": 1}}'}, json.loads(response.body))

    async def test_a_closed_connection_cancels_an_async_handler(self):
        started, cancelled = asyncio.Event(), asyncio.Event()

        async def waits(p):
            started.set()
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                cancelled.set()
                raise
        self.agent.handlers["waits"] = waits
        await self.pair.send(b"POST /_par/invoke/waits HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
        req = await within(read_request(self.pair.conn))
        handling = asyncio.ensure_future(self.control.handle(self.pair.conn, req))
        await within(started.wait())
        self.pair.writer.close()

        self.assertFalse(await within(handling))
        self.assertTrue(cancelled.is_set())

    async def test_a_closed_connection_drops_a_sync_handlers_late_result(self):
        started, release, finished = threading.Event(), threading.Event(), threading.Event()

        def blocks(p):
            started.set()
            release.wait(30)
            finished.set()
            return "late"
        self.agent.handlers["blocks"] = blocks
        await self.pair.send(b"POST /_par/invoke/blocks HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
        req = await within(read_request(self.pair.conn))
        handling = asyncio.ensure_future(self.control.handle(self.pair.conn, req))
        await within(asyncio.get_running_loop().run_in_executor(None, started.wait, 30))
        self.pair.writer.close()

        self.assertFalse(await within(handling))  # done with the connection, no answer written, the thread still runs
        self.assertFalse(finished.is_set())
        release.set()
        await within(asyncio.get_running_loop().run_in_executor(None, finished.wait, 30))

    async def test_other_paths_are_not_control_routes(self):
        for data in (b"GET /_par/invoke/x HTTP/1.1\r\n\r\n", b"POST /_par/status HTTP/1.1\r\n\r\n", b"GET /api HTTP/1.1\r\n\r\n"):
            with self.subTest(data=data):
                self.assertIsNone(await self.handle(data))


if __name__ == "__main__":
    unittest.main()
