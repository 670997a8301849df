"""One ASGI request/response cycle (par_worker.asgi) over a request parsed from real asyncio streams."""
import asyncio
import unittest

from par_worker.asgi import http_scope, run_asgi
from par_worker.http11 import read_request

from tests.support import Pair, within


def responder(status=200, headers=(), bodies=(b"ok",)):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": status, "headers": list(headers)})
        for i, body in enumerate(bodies):
            await send({"type": "http.response.body", "body": body, "more_body": i < len(bodies) - 1})
    return app


class CycleCase(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.pair = await Pair.open()

    async def asyncTearDown(self):
        await self.pair.close()

    async def run_app(self, app, data=b"GET /p HTTP/1.1\r\n\r\n", root_path="", state=None):
        await self.pair.send(data)
        req = await within(read_request(self.pair.conn))
        return await within(run_asgi(app, self.pair.conn, req, root_path, state))


class ScopeTests(CycleCase):
    async def test_forwarded_headers_give_scheme_server_and_client(self):
        seen = {}

        async def app(scope, receive, send):
            seen.update(scope)
            await responder()(scope, receive, send)

        await self.run_app(app, b"GET / HTTP/1.1\r\nX-Forwarded-Proto: HTTPS\r\nX-Forwarded-Host: [2001:db8::1]\r\n"
                                b"X-Forwarded-Port: 443\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.2\r\n\r\n")

        self.assertEqual(("https", ("2001:db8::1", 443), ("203.0.113.7", 0)), (seen["scheme"], seen["server"], seen["client"]))

    async def test_without_forwarded_headers_scheme_is_http_and_peers_unknown(self):
        seen = {}

        async def app(scope, receive, send):
            seen.update(scope)
            await responder()(scope, receive, send)

        await self.run_app(app, b"GET / HTTP/1.1\r\nX-Forwarded-Proto: gopher\r\nX-Forwarded-Port: x\r\n\r\n")

        self.assertEqual(("http", None, None), (seen["scheme"], seen["server"], seen["client"]))

    async def test_scope_describes_the_request(self):
        seen = {}

        async def app(scope, receive, send):
            seen.update(scope)
            await responder()(scope, receive, send)

        await self.run_app(app, b"POST /a%2Fb?q=1 HTTP/1.0\r\nX-A: 1\r\nContent-Length: 0\r\n\r\n", "/agents/x", {"db": 1})

        self.assertEqual(("http", "1.0", "POST", "/a/b", b"/a%2Fb", b"q=1", "/agents/x"),
                         (seen["type"], seen["http_version"], seen["method"], seen["path"], seen["raw_path"],
                          seen["query_string"], seen["root_path"]))
        self.assertEqual([(b"x-a", b"1"), (b"content-length", b"0")], seen["headers"])
        self.assertEqual({"version": "3.0", "spec_version": "2.3"}, seen["asgi"])
        self.assertEqual({"db": 1}, seen["state"])

    async def test_state_is_a_copy_per_request_and_absent_without_lifespan(self):
        pair = await Pair.open()
        try:
            await pair.send(b"GET / HTTP/1.1\r\n\r\n")
            req = await within(read_request(pair.conn))
            state = {"n": 1}
            scope = http_scope(req, "", state)
            scope["state"]["n"] = 2
            self.assertEqual({"n": 1}, state)
            self.assertNotIn("state", http_scope(req, ""))
        finally:
            await pair.close()


class ResponseTests(CycleCase):
    async def test_one_body_gets_a_content_length_and_the_connection_stays(self):
        keep = await self.run_app(responder(201, [(b"x-app", b"1")], [b"hello"]))

        self.assertTrue(keep)
        self.assertEqual(b"HTTP/1.1 201 Created\r\nx-app: 1\r\ncontent-length: 5\r\n\r\nhello", await self.pair.read_all())

    async def test_streamed_pieces_are_chunked_and_empty_pieces_skipped(self):
        keep = await self.run_app(responder(bodies=[b"ab", b"", b"cde", b""]))

        self.assertTrue(keep)
        self.assertEqual(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n",
                         await self.pair.read_all())

    async def test_streamed_pieces_reach_the_client_while_the_app_is_still_running(self):
        more = asyncio.Event()

        async def app(scope, receive, send):
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"first", "more_body": True})
            await more.wait()
            await send({"type": "http.response.body", "body": b"", "more_body": False})

        running = asyncio.ensure_future(self.run_app(app))
        self.assertEqual(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nfirst\r\n",
                         await within(self.pair.reader.readuntil(b"first\r\n")))
        more.set()

        self.assertTrue(await within(running))
        self.assertEqual(b"0\r\n\r\n", await self.pair.read_all())

    async def test_a_started_response_sends_its_head_before_any_body(self):
        more = asyncio.Event()

        async def app(scope, receive, send):
            await send({"type": "http.response.start", "status": 200, "headers": [(b"x-a", b"1")]})
            await more.wait()
            await send({"type": "http.response.body", "body": b"late"})

        running = asyncio.ensure_future(self.run_app(app))
        head = await within(self.pair.reader.readuntil(b"\r\n\r\n"))
        more.set()

        self.assertEqual(b"HTTP/1.1 200 OK\r\nx-a: 1\r\ntransfer-encoding: chunked\r\n\r\n", head)
        self.assertTrue(await within(running))
        self.assertEqual(b"4\r\nlate\r\n0\r\n\r\n", await self.pair.read_all())

    async def test_declared_length_is_kept_and_framing_headers_of_the_app_are_dropped(self):
        app = responder(headers=[(b"Content-Length", b"4"), (b"Transfer-Encoding", b"chunked"), (b"Connection", b"keep-alive")],
                        bodies=[b"ab", b"cd"])

        self.assertTrue(await self.run_app(app))
        self.assertEqual(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd", await self.pair.read_all())

    async def test_body_shorter_than_its_declared_length_closes_the_connection(self):
        self.assertFalse(await self.run_app(responder(headers=[(b"content-length", b"10")], bodies=[b"short"])))

    async def test_connection_close_from_the_app_or_the_client_says_close(self):
        self.assertFalse(await self.run_app(responder(headers=[(b"connection", b"close")])))
        self.assertEqual(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok", await self.pair.read_all())

    async def test_http10_stream_is_ended_by_closing(self):
        keep = await self.run_app(responder(bodies=[b"a", b"b"]), b"GET / HTTP/1.0\r\n\r\n")

        self.assertFalse(keep)
        self.assertEqual(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nab", await self.pair.read_all())

    async def test_head_and_204_send_no_body(self):
        self.assertTrue(await self.run_app(responder(headers=[(b"content-length", b"5")], bodies=[b"hello"]), b"HEAD / HTTP/1.1\r\n\r\n"))
        self.assertTrue(await self.run_app(responder(204, bodies=[b""])))

        self.assertEqual(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", await self.pair.read_all())

    async def test_str_headers_are_encoded_as_latin1(self):
        await self.run_app(responder(headers=[("x-name", "caf\u00e9")]))

        self.assertIn(b"x-name: caf\xe9\r\n", await self.pair.read_all())


class FailureTests(CycleCase):
    async def test_app_raising_before_the_response_started_gets_a_500_and_close(self):
        async def app(scope, receive, send):
            raise ValueError("boom")

        self.assertFalse(await self.run_app(app))
        self.assertEqual(b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain; charset=utf-8\r\n"
                         b"content-length: 21\r\nconnection: close\r\n\r\nInternal Server Error", await self.pair.read_all())

    async def test_app_returning_without_a_response_gets_a_500(self):
        async def app(scope, receive, send):
            pass

        self.assertFalse(await self.run_app(app))
        self.assertTrue((await self.pair.read_all()).startswith(b"HTTP/1.1 500 Internal Server Error\r\n"))

    async def test_app_raising_after_the_response_started_ends_the_connection_without_a_second_response(self):
        async def app(scope, receive, send):
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"part", "more_body": True})
            raise ValueError("boom")

        self.assertFalse(await self.run_app(app))
        self.assertEqual(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\npart\r\n", await self.pair.read_all())

    async def test_protocol_mistakes_of_the_app_are_errors(self):
        cases = {
            "body before start": [{"type": "http.response.body", "body": b"x"}],
            "start twice": [{"type": "http.response.start", "status": 200}, {"type": "http.response.start", "status": 200}],
            "unknown message": [{"type": "http.response.trailers"}],
        }
        for name, messages in cases.items():
            with self.subTest(name):
                raised = []

                async def app(scope, receive, send, messages=messages):
                    try:
                        for message in messages:
                            await send(message)
                    except RuntimeError as exc:
                        raised.append(exc)
                        raise

                self.assertFalse(await self.run_app(app))
                self.assertEqual(1, len(raised))

    async def test_body_after_the_last_body_is_an_error_that_leaves_the_complete_response_alone(self):
        raised = []

        async def app(scope, receive, send):
            await responder()(scope, receive, send)
            try:
                await send({"type": "http.response.body", "body": b"again"})
            except RuntimeError as exc:
                raised.append(exc)
                raise

        self.assertTrue(await self.run_app(app))
        self.assertEqual(1, len(raised))
        self.assertEqual(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok", await self.pair.read_all())


class ReceiveTests(CycleCase):
    async def test_chunked_request_body_arrives_as_http_request_messages(self):
        messages = []

        async def app(scope, receive, send):
            while True:
                message = await receive()
                messages.append(message)
                if not message.get("more_body"):
                    break
            await responder()(scope, receive, send)

        await self.run_app(app, b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n")

        self.assertEqual([{"type": "http.request", "body": b"ab", "more_body": True},
                          {"type": "http.request", "body": b"c", "more_body": True},
                          {"type": "http.request", "body": b"", "more_body": False}], messages)

    async def test_empty_body_is_one_http_request_message(self):
        messages = []

        async def app(scope, receive, send):
            messages.append(await receive())
            await responder()(scope, receive, send)

        await self.run_app(app)

        self.assertEqual([{"type": "http.request", "body": b"", "more_body": False}], messages)

    async def test_receive_after_the_body_waits_for_the_client_to_leave(self):
        messages, waiting = [], asyncio.Event()

        async def app(scope, receive, send):
            messages.append(await receive())
            waiting.set()
            messages.append(await receive())
            await responder()(scope, receive, send)

        running = asyncio.ensure_future(self.run_app(app, b"POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"))
        await within(waiting.wait())
        self.assertFalse(running.done())
        self.pair.writer.write_eof()

        self.assertFalse(await within(running))
        self.assertEqual({"type": "http.disconnect"}, messages[1])

    async def test_receive_waiting_ends_when_the_response_is_complete(self):
        async def app(scope, receive, send):
            await receive()
            waiter = asyncio.ensure_future(receive())
            await asyncio.sleep(0)
            await responder()(scope, receive, send)
            self.assertEqual({"type": "http.disconnect"}, await within(waiter))

        self.assertTrue(await self.run_app(app))

    async def test_pipelined_request_is_not_lost_while_the_app_waits_for_disconnect(self):
        async def app(scope, receive, send):
            await receive()
            waiter = asyncio.ensure_future(receive())
            await asyncio.sleep(0)
            await responder()(scope, receive, send)
            await waiter

        await self.pair.send(b"GET /one HTTP/1.1\r\n\r\nGET /two HTTP/1.1\r\n\r\n")
        first = await within(read_request(self.pair.conn))
        self.assertTrue(await within(run_asgi(app, self.pair.conn, first, "")))

        self.assertEqual("/two", (await within(read_request(self.pair.conn))).path)

    async def test_broken_body_framing_is_a_disconnect(self):
        messages = []

        async def app(scope, receive, send):
            messages.append(await receive())
            await responder()(scope, receive, send)

        keep = await self.run_app(app, b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")

        self.assertEqual([{"type": "http.disconnect"}], messages)
        self.assertFalse(keep)

    async def test_unread_expect_continue_body_closes_the_connection_without_100(self):
        keep = await self.run_app(responder(), b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")

        self.assertFalse(keep)
        self.assertEqual(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok", await self.pair.read_all())


if __name__ == "__main__":
    unittest.main()
