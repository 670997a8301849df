"""HTTP/1.1 request parsing and body framing (par_worker.http11) over real asyncio streams."""
import threading
import tracemalloc
import unittest

from par_worker.common import HttpError
from par_worker.http11 import MAX_HEAD, MAX_HEADERS, READ_SIZE, Body, Conn, head_bytes, read_request, respond

from tests.support import Pair, within


class Http11Case(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.pair = await Pair.open()

    async def asyncTearDown(self):
        await self.pair.close()

    async def request(self, data):
        await self.pair.send(data)
        return await within(read_request(self.pair.conn))

    async def rejected(self, data):
        await self.pair.send(data)
        with self.assertRaises(HttpError) as caught:
            req = await within(read_request(self.pair.conn))
            await within(req.body.read_all())
        return caught.exception.status, str(caught.exception)


class RequestHeadTests(Http11Case):
    async def test_request_line_and_headers_are_parsed(self):
        req = await self.request(b"get /a%20b/c?x=1&y=%20 HTTP/1.1\r\nHost: w\r\nX-Two: 1\r\nx-two: 2\r\n\r\n")

        self.assertEqual("GET", req.method)
        self.assertEqual("1.1", req.version)
        self.assertEqual(b"/a%20b/c", req.raw_path)
        self.assertEqual("/a b/c", req.path)
        self.assertEqual(b"x=1&y=%20", req.query)
        self.assertEqual([(b"host", b"w"), (b"x-two", b"1"), (b"x-two", b"2")], req.headers)
        self.assertEqual(b"1, 2", req.h[b"x-two"])
        self.assertTrue(req.body.done)

    async def test_blank_lines_before_a_request_are_skipped(self):
        req = await self.request(b"\r\n\n\r\nGET /after HTTP/1.1\r\n\r\n")

        self.assertEqual("/after", req.path)

    async def test_idle_connection_closed_by_the_client_is_no_request(self):
        self.pair.writer.close()

        self.assertIsNone(await within(read_request(self.pair.conn)))

    async def test_client_closing_mid_head_is_a_connection_error(self):
        await self.pair.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
        self.pair.writer.close()

        with self.assertRaises(ConnectionError):
            await within(read_request(self.pair.conn))

    async def test_bad_request_lines_are_400(self):
        for line in (b"GET /\r\n", b"GET / HTTP/2.0\r\n", b"GET  / HTTP/1.1\r\n", b"GET / HTTP/1.1 extra\r\n",
                     b"\x16\x03\x01\x02\x00\x01\r\n"):
            with self.subTest(line=line):
                pair = await Pair.open()
                try:
                    await pair.send(line + b"\r\n")
                    with self.assertRaises(HttpError) as caught:
                        await within(read_request(pair.conn))
                    self.assertEqual((400, "malformed request line"), (caught.exception.status, str(caught.exception)))
                finally:
                    await pair.close()

    async def test_absolute_form_target_is_400(self):
        self.assertEqual((400, "request target must be an absolute path"),
                         await self.rejected(b"GET http://example.com/ HTTP/1.1\r\n\r\n"))

    async def test_malformed_header_lines_are_400(self):
        for header in (b"NoColon\r\n", b"Host : x\r\n", b": empty-name\r\n", b" Folded: x\r\n"):
            with self.subTest(header=header):
                pair = await Pair.open()
                try:
                    await pair.send(b"GET / HTTP/1.1\r\n" + header + b"\r\n")
                    with self.assertRaises(HttpError) as caught:
                        await within(read_request(pair.conn))
                    self.assertEqual((400, "malformed header line"), (caught.exception.status, str(caught.exception)))
                finally:
                    await pair.close()

    async def test_head_over_the_limit_is_431(self):
        filler = b"".join(b"X-Fill-%d: %s\r\n" % (i, b"a" * 1000) for i in range(MAX_HEAD // 1000 + 1))

        self.assertEqual((431, "request headers too large"), await self.rejected(b"GET / HTTP/1.1\r\n" + filler + b"\r\n"))

    async def test_head_just_under_the_limit_is_accepted(self):
        start = b"GET / HTTP/1.1\r\n"
        value = b"a" * (MAX_HEAD - len(start) - len(b"X-Fill: \r\n") - len(b"\r\n"))

        req = await self.request(start + b"X-Fill: " + value + b"\r\n\r\n")

        self.assertEqual(value, req.h[b"x-fill"])

    async def test_one_line_longer_than_the_limit_without_newline_is_431(self):
        await self.pair.send(b"GET /" + b"a" * (MAX_HEAD + 10))

        with self.assertRaises(HttpError) as caught:
            await within(read_request(self.pair.conn))
        self.assertEqual((431, "header line too long"), (caught.exception.status, str(caught.exception)))

    async def test_too_many_header_lines_is_431(self):
        many = b"".join(b"X-%d: 1\r\n" % i for i in range(MAX_HEADERS + 2))

        self.assertEqual((431, "request headers too large"), await self.rejected(b"GET / HTTP/1.1\r\n" + many + b"\r\n"))

    async def test_keep_alive_follows_version_and_connection_header(self):
        cases = [(b"GET / HTTP/1.1\r\n\r\n", True),
                 (b"GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n", True),
                 (b"GET / HTTP/1.1\r\nConnection: Close\r\n\r\n", False),
                 (b"GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n", False),
                 (b"GET / HTTP/1.0\r\n\r\n", False),
                 (b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", False)]
        for data, keep in cases:
            with self.subTest(data=data):
                self.assertEqual(keep, (await self.request(data)).keep_alive)

    async def test_pipelined_requests_in_one_write_are_read_one_after_another(self):
        await self.pair.send(b"POST /one HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                             b"POST /two HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                             b"GET /three HTTP/1.1\r\n\r\n")

        first = await within(read_request(self.pair.conn))
        self.assertEqual(("/one", b"hello"), (first.path, await within(first.body.read_all())))
        second = await within(read_request(self.pair.conn))
        self.assertEqual(("/two", b"abc"), (second.path, await within(second.body.read_all())))
        third = await within(read_request(self.pair.conn))
        self.assertEqual("/three", third.path)
        self.assertTrue(third.body.done)


class ReceiveBufferTests(unittest.IsolatedAsyncioTestCase):
    """The connections of one loop share one receive buffer (PAR keeps many connections open per worker)."""

    async def test_connections_interleaved_each_read_their_own_bytes(self):
        pairs = [await Pair.open() for _ in range(3)]
        try:
            bodies = [b"a" * 70000, b"b" * 10, b"c" * 30000]  # the first two are over one receive buffer's size
            for i, (pair, body) in enumerate(zip(pairs, bodies)):
                await pair.send(b"POST /%d HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (i, len(body)))
            for pair, body in zip(pairs, bodies):
                pair.writer.write(body[:len(body) // 2])
            for pair, body in zip(reversed(pairs), reversed(bodies)):
                await pair.send(body[len(body) // 2:])

            for i, (pair, body) in enumerate(zip(pairs, bodies)):
                req = await within(read_request(pair.conn))
                self.assertEqual(("/%d" % i, body), (req.path, await within(req.body.read_all())))
        finally:
            for pair in pairs:
                await pair.close()

    def test_connections_hold_no_receive_buffer_of_their_own(self):
        Conn().get_buffer(-1)  # this thread's buffer made before measuring
        tracemalloc.start()
        try:
            conns = [Conn() for _ in range(100)]
            held, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

        self.assertEqual(100, len({id(c) for c in conns}))
        self.assertLess(held, 100 * READ_SIZE // 10)  # one buffer each would be 100 x 64 KiB

    def test_each_thread_receives_into_its_own_buffer(self):
        seen = []
        thread = threading.Thread(target=lambda: seen.append(Conn().get_buffer(-1)))
        thread.start()
        thread.join()

        self.assertIsNot(Conn().get_buffer(-1).obj, seen[0].obj)
        self.assertEqual(READ_SIZE, len(seen[0]))


class ContentLengthTests(Http11Case):
    async def test_body_is_read_to_its_length(self):
        req = await self.request(b"POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world+next")

        self.assertEqual(b"hello world", await within(req.body.read_all()))
        self.assertEqual(b"+next", bytes(self.pair.conn.buf))

    async def test_repeated_equal_lengths_are_one_length(self):
        req = await self.request(b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")

        self.assertEqual(b"ok", await within(req.body.read_all()))

    async def test_bad_lengths_are_400(self):
        for header in (b"Content-Length: 2\r\nContent-Length: 3\r\n", b"Content-Length: 2, 3\r\n",
                       b"Content-Length: -1\r\n", b"Content-Length: 0x10\r\n", b"Content-Length: \r\n",
                       b"Content-Length: 1\r\nTransfer-Encoding: chunked\r\n"):
            with self.subTest(header=header):
                pair = await Pair.open()
                try:
                    await pair.send(b"POST / HTTP/1.1\r\n" + header + b"\r\n")
                    with self.assertRaises(HttpError) as caught:
                        await within(read_request(pair.conn))
                    self.assertEqual((400, "bad content-length"), (caught.exception.status, str(caught.exception)))
                finally:
                    await pair.close()

    async def test_client_leaving_mid_body_is_a_connection_error(self):
        req = await self.request(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
        self.pair.writer.close()

        with self.assertRaises(ConnectionError):
            await within(req.body.read_all())


class ChunkedTests(Http11Case):
    async def test_chunks_with_extensions_and_trailers_make_the_body(self):
        req = await self.request(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 b"5;name=value\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: 1\r\nX-Other: 2\r\n\r\n"
                                 b"GET /next HTTP/1.1\r\n\r\n")

        self.assertEqual(b"hello, chunked!", await within(req.body.read_all()))
        self.assertEqual("/next", (await within(read_request(self.pair.conn))).path)

    async def test_chunks_arrive_piece_by_piece(self):
        req = await self.request(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")

        await self.pair.send(b"3\r\nabc\r\n")
        self.assertEqual(b"abc", await within(req.body.read()))
        self.assertFalse(req.body.done)
        await self.pair.send(b"0\r\n\r\n")
        self.assertEqual(b"", await within(req.body.read()))
        self.assertTrue(req.body.done)

    async def test_transfer_encodings_other_than_chunked_are_501(self):
        self.assertEqual((501, "unsupported transfer-encoding"),
                         await self.rejected(b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"))

    async def test_bad_chunk_sizes_are_400(self):
        for size in (b"zz", b"", b"-5", b"0x5", b"+5", b"5_0", b"1" * 17):
            with self.subTest(size=size):
                pair = await Pair.open()
                try:
                    await pair.send(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + size + b"\r\nabc\r\n0\r\n\r\n")
                    req = await within(read_request(pair.conn))
                    with self.assertRaises(HttpError) as caught:
                        await within(req.body.read_all())
                    self.assertEqual((400, "bad chunk size"), (caught.exception.status, str(caught.exception)))
                finally:
                    await pair.close()

    async def test_chunk_longer_than_its_size_is_400(self):
        self.assertEqual((400, "bad chunk terminator"),
                         await self.rejected(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n"))

    async def test_chunk_size_line_without_end_is_431(self):
        status, _ = await self.rejected(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + b"1" * 5000)

        self.assertEqual(431, status)


class ExpectContinueTests(Http11Case):
    async def test_100_continue_is_sent_only_when_the_body_is_read(self):
        req = await self.request(b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        self.assertTrue(req.body.expect)
        self.assertEqual(b"", bytes(self.pair.conn.buf))

        reading = __import__("asyncio").ensure_future(req.body.read_all())
        self.assertEqual(b"HTTP/1.1 100 Continue\r\n\r\n", await within(self.pair.reader.readuntil(b"\r\n\r\n")))
        await self.pair.send(b"body")

        self.assertEqual(b"body", await within(reading))
        self.assertFalse(req.body.expect)

    async def test_http10_expect_is_ignored(self):
        req = await self.request(b"POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")

        self.assertFalse(req.body.expect)
        self.assertEqual(b"ok", await within(req.body.read_all()))


class ResponseBytesTests(Http11Case):
    def test_head_bytes_uses_the_standard_reason_or_none(self):
        self.assertEqual(b"HTTP/1.1 404 Not Found\r\na: b\r\n\r\n", head_bytes(404, [(b"a", b"b")]))
        self.assertEqual(b"HTTP/1.1 599 \r\n\r\n", head_bytes(599, []))

    async def test_respond_frames_the_body_and_says_close(self):
        await respond(self.pair.conn, 400, b"nope", b"text/plain", keep_alive=False)
        await respond(self.pair.conn, 200, b"unsent", b"text/plain", head_only=True)

        self.assertEqual(b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 4\r\n"
                         b"connection: close\r\n\r\nnope"
                         b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 6\r\n\r\n",
                         await self.pair.read_all())

    async def test_writing_to_a_closed_client_marks_the_connection_gone(self):
        self.pair.conn.close()

        await self.pair.conn.write(b"late")

        self.assertTrue(self.pair.conn.gone)


if __name__ == "__main__":
    unittest.main()
