"""The worker's connection loop (par_worker.server.Worker.serve_conn) on a real Unix socket."""
import asyncio
import json
import os
import shutil
import signal
import socket
import stat
import tempfile
import unittest

from par_worker.loader import Agent
from par_worker.server import Worker, parse_args, start_server

from tests.support import read_response, within


async def echo_app(scope, receive, send):
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x-path", scope["path"].encode())]})
    await send({"type": "http.response.body", "body": body})


async def ignores_body_app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": scope["path"].encode()})


class ServerCase(unittest.IsolatedAsyncioTestCase):
    app = staticmethod(echo_app)

    async def asyncSetUp(self):
        self.dir = tempfile.mkdtemp(prefix="par-worker-sock-")
        self.path = os.path.join(self.dir, "w.sock")
        agent = Agent()
        agent.app = self.app
        agent.handlers["double"] = lambda p: p["n"] * 2
        self.worker = Worker({}, agent, asyncio.get_running_loop())
        self.server = await start_server(self.worker.connected, self.path)
        self.reader, self.writer = await asyncio.open_unix_connection(self.path)

    async def asyncTearDown(self):
        self.writer.close()
        self.server.close()
        await self.server.wait_closed()
        self.worker.control.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    async def send(self, data):
        self.writer.write(data)
        await self.writer.drain()

    async def closed(self):
        """True when the worker closed the connection (nothing more to read)."""
        return await within(self.reader.read()) == b""


class ConnectionLoopTests(ServerCase):
    async def test_socket_is_only_for_its_owner(self):
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.path).st_mode))

    async def test_pipelined_requests_are_answered_in_order(self):
        await self.send(b"POST /one HTTP/1.1\r\nContent-Length: 1\r\n\r\nA"
                        b"POST /two HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nB\r\n0\r\n\r\n"
                        b'POST /_par/invoke/double HTTP/1.1\r\nContent-Length: 8\r\n\r\n{"n": 4}'
                        b"GET /three HTTP/1.1\r\nConnection: close\r\n\r\n")

        answers = [await read_response(self.reader) for _ in range(4)]

        self.assertEqual([b"/one", b"/two", None, b"/three"], [a.header(b"x-path") for a in answers])
        self.assertEqual([b"A", b"B", b'{"success": true, "result": "8"}', b""], [a.body for a in answers])
        self.assertTrue(await self.closed())

    async def test_keep_alive_serves_requests_one_after_another(self):
        for i in range(3):
            await self.send(b"POST /k HTTP/1.1\r\nContent-Length: 1\r\n\r\n%d" % i)
            self.assertEqual(b"%d" % i, (await read_response(self.reader)).body)

    async def test_http10_and_connection_close_end_the_connection(self):
        await self.send(b"GET /old HTTP/1.0\r\n\r\n")

        self.assertEqual(b"close", (await read_response(self.reader)).header(b"connection"))
        self.assertTrue(await self.closed())

    async def test_bad_request_gets_its_status_and_the_connection_ends(self):
        await self.send(b"BROKEN\r\n\r\n")
        response = await read_response(self.reader)

        self.assertEqual((400, b"malformed request line", b"close"), (response.status, response.body, response.header(b"connection")))
        self.assertTrue(await self.closed())

    async def test_oversized_head_is_431(self):
        await self.send(b"GET / HTTP/1.1\r\n" + b"X-Big: " + b"a" * (70 * 1024) + b"\r\n\r\n")

        self.assertEqual(431, (await read_response(self.reader)).status)
        self.assertTrue(await self.closed())

    async def test_status_route_answers_json(self):
        await self.send(b"GET /_par/status HTTP/1.1\r\n\r\n")

        status = json.loads((await read_response(self.reader)).body)

        self.assertEqual((["double"], True), (status["actions"], status["asgi"]))


class UnreadBodyTests(ServerCase):
    app = staticmethod(ignores_body_app)

    async def test_body_the_app_left_unread_is_drained_and_the_next_request_served(self):
        await self.send(b"POST /first HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                        b"GET /second HTTP/1.1\r\n\r\n")

        self.assertEqual(b"/first", (await read_response(self.reader)).body)
        self.assertEqual(b"/second", (await read_response(self.reader)).body)

    async def test_expect_continue_body_never_asked_for_ends_the_connection(self):
        await self.send(b"POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        response = await read_response(self.reader)

        self.assertEqual((200, b"close"), (response.status, response.header(b"connection")))
        self.assertTrue(await self.closed())


class NoAppTests(ServerCase):
    app = None

    async def test_without_an_app_other_paths_are_404(self):
        await self.send(b"GET /api HTTP/1.1\r\n\r\n")

        response = await read_response(self.reader)

        self.assertEqual((404, b'{"detail":"Not Found"}'), (response.status, response.body))


class ParseArgsCase(unittest.TestCase):
    """The worker's command line: the three options PAR passes, each with a value, in any order."""

    def test_three_options_in_any_order(self):
        self.assertEqual({"--spec": "-", "--socket": "w.sock", "--status-file": "s.json"},
                         parse_args(["--socket", "w.sock", "--status-file", "s.json", "--spec", "-"]))

    def test_bad_command_lines_name_the_option(self):
        for argv, named in ((["--spec", "-", "--socket", "w.sock"], "--status-file is required"),
                            (["--spec", "-", "--socket", "w", "--status-file", "s", "--verbose", "1"], "--verbose is not an option"),
                            (["--spec", "-", "--spec", "x", "--socket", "w", "--status-file", "s"], "--spec is given twice"),
                            (["--socket", "w", "--status-file", "s", "--spec"], "--spec needs a value")):
            with self.subTest(argv=argv), self.assertRaises(SystemExit) as raised:
                parse_args(argv)
            self.assertIn(named, str(raised.exception.code))
            self.assertIn("usage: par_worker --spec VALUE --socket VALUE --status-file VALUE", str(raised.exception.code))


class StopTests(unittest.IsolatedAsyncioTestCase):
    """What a stopping worker leaves at its socket's path."""

    async def asyncSetUp(self):
        self.dir = tempfile.mkdtemp(prefix="par-worker-stop-")
        self.path, self.status = os.path.join(self.dir, "w.sock"), os.path.join(self.dir, "status.json")
        self.worker = Worker({}, Agent(), asyncio.get_running_loop())
        self.run_task = asyncio.ensure_future(self.worker.run(self.path, self.status))
        while not os.path.exists(self.status):  # written once the socket listens and SIGTERM is handled
            await within(asyncio.sleep(0.01))

    async def asyncTearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    async def stop(self):
        os.kill(os.getpid(), signal.SIGTERM)
        await within(self.run_task)

    async def test_its_own_socket_is_removed(self):
        await self.stop()

        self.assertFalse(os.path.lexists(self.path))

    async def test_a_socket_the_next_worker_made_at_the_same_path_is_left(self):
        os.unlink(self.path)  # what the next PAR's worker does (start_server), this one an orphan of a killed PAR
        with socket.socket(socket.AF_UNIX) as successor:
            successor.bind(self.path)

            await self.stop()

            self.assertTrue(stat.S_ISSOCK(os.lstat(self.path).st_mode))


if __name__ == "__main__":
    unittest.main()
