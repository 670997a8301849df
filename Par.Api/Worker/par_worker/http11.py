"""HTTP/1.1 on one client connection: reading request heads, framing request bodies, writing simple responses."""
import asyncio
import socket
import http
import json
import threading

from par_worker.common import HttpError

MAX_HEAD = 64 * 1024            # request line + headers
MAX_HEADERS = 200               # header lines in one request head
MAX_CHUNK_LINE = 4096           # a chunk-size line (with extensions) or a chunk's terminating CRLF
MAX_CHUNK_DIGITS = 16          # hex digits of one chunk size
HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
READ_SIZE = 64 * 1024


class _ReceiveBuffer(threading.local):
    """The buffer every connection of this thread's loop receives into. asyncio calls get_buffer, recv_into and
    buffer_updated one after the other in one callback, and buffer_updated copies the bytes out at once, so one
    buffer per thread serves all of them: PAR keeps up to 256 connections per worker open, and a buffer each (64 KiB,
    all of it touched) was 2-4 MiB of the worker's memory after a load (bench/notes.md, issue 17)."""

    def __init__(self):
        self.view = memoryview(bytearray(READ_SIZE))


_receive = _ReceiveBuffer()


def protocol_factory(connected):
    """A Conn per accepted connection (loop.create_unix_server); connected(conn) once its transport is made."""
    return lambda: Conn(connected)


async def open_pair():
    """A server-side Conn and a client (reader, writer) over a socket pair (the worker's tests)."""
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    _, conn = await loop.create_unix_connection(Conn, sock=a)
    reader, writer = await asyncio.open_connection(sock=b)
    return conn, reader, writer


class Conn(asyncio.BufferedProtocol):
    """One client connection: the protocol asyncio feeds as bytes arrive, and the buffered byte stream the request
    reader consumes (our own buffer, so a disconnect watcher can read ahead without losing a pipelined request).

    Each read lands in the thread's one receive buffer (recv_into, _ReceiveBuffer): asyncio's stream reader
    recv()s into a fresh 256 KiB bytes object per read, which glibc serves with mmap, shrinks with mremap and frees
    with munmap -- three system calls per request, most of the worker's CPU per Invoke (bench/notes.md, issue 21).
    The client's close is seen as it happens, even while nothing reads: `closed`, and `on_close` called once."""

    def __init__(self, connected=None):
        self.connected, self.transport, self.loop = connected, None, None
        self.buf = bytearray()       # received and handed to the reader, not yet consumed
        self.incoming = bytearray()  # received since the reader last asked (fill)
        self.eof = False      # the client stopped sending (closed or half-closed), as seen by reading
        self.gone = False     # writing to the client failed
        self.closed = False   # the client stopped sending, as the protocol saw it (before anything read it)
        self.on_close = None  # called once, from the loop, when the client stops sending
        self.waiter = self.drained = None
        self.reading_paused = self.writing_paused = False

    # asyncio.BufferedProtocol

    def connection_made(self, transport):
        self.transport, self.loop = transport, asyncio.get_running_loop()  # once: Python < 3.12 asks getpid() each time
        if self.connected is not None:
            self.connected(self)

    def get_buffer(self, sizehint):
        return _receive.view

    def buffer_updated(self, nbytes):
        self.incoming += _receive.view[:nbytes]
        if len(self.incoming) > MAX_HEAD and not self.reading_paused:  # the reader is behind: stop reading
            self.reading_paused = True
            self.transport.pause_reading()
        self.wake()

    def eof_received(self):
        self.client_closed()
        return True  # a half-closed client still reads its answer: keep the transport open for writing

    def connection_lost(self, exc):
        self.client_closed()
        if self.drained is not None and not self.drained.done():
            self.drained.set_exception(ConnectionResetError("the client closed the connection"))

    def pause_writing(self):
        self.writing_paused = True

    def resume_writing(self):
        self.writing_paused = False
        if self.drained is not None and not self.drained.done():
            self.drained.set_result(None)

    def client_closed(self):
        self.closed = True
        self.wake()
        hook, self.on_close = self.on_close, None
        if hook is not None:
            hook()

    def wake(self):
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    # the stream

    async def fill(self):
        """Moves what arrived into buf, waiting for it first; False when the client sent nothing more (EOF)."""
        while not self.incoming and not self.closed:
            self.waiter = self.loop.create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        if not self.incoming:
            self.eof = True
            return False
        self.buf += self.incoming
        self.incoming.clear()
        if self.reading_paused and not self.transport.is_closing():
            self.reading_paused = False
            self.transport.resume_reading()
        return True

    async def readline(self, limit):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line = bytes(self.buf[:i + 1])
                del self.buf[:i + 1]
                return line
            if len(self.buf) > limit:
                raise HttpError(431, "header line too long")
            if not await self.fill():
                raise ConnectionError("client closed the connection")

    async def read_some(self, n):
        if not self.buf and not await self.fill():
            raise ConnectionError("client closed the connection mid-body")
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def write_nowait(self, data):
        if self.gone or self.transport.is_closing():
            self.gone = True
        else:
            self.transport.write(data)

    async def write(self, data):
        try:
            self.write_nowait(data)
            if not self.gone and self.writing_paused:  # flush now: streamed pieces must reach the client as they come
                self.drained = self.loop.create_future()
                try:
                    await self.drained
                finally:
                    self.drained = None
        except (ConnectionError, OSError):
            self.gone = True

    def close(self):
        if self.transport is not None:
            self.transport.close()

    async def watch_eof(self):
        try:
            while len(self.buf) < MAX_HEAD and await self.fill():
                pass
        except (ConnectionError, OSError):
            self.eof = True
        if not self.eof:  # pipelined data piling up: stop reading, but keep waiting
            await asyncio.Event().wait()


def unquote(text):
    """urllib.parse.unquote, imported only for a path that has an escape: the module, with the ipaddress it imports,
    is ~0.4 MiB of a worker's memory, and most paths have none."""
    if "%" not in text:
        return text
    from urllib.parse import unquote as unquote_escapes
    return unquote_escapes(text)


class Body:
    """Streams a request body framed by Content-Length or chunked encoding."""

    def __init__(self, conn, length, chunked, expect_continue):
        self.conn, self.left, self.chunked, self.expect = conn, length, chunked, expect_continue
        self.done = not chunked and length == 0

    async def read(self):
        if self.done:
            return b""
        if self.expect:  # the client waits for this before sending the body
            self.expect = False
            await self.conn.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if self.chunked and self.left == 0:
            size = (await self.conn.readline(MAX_CHUNK_LINE)).split(b";")[0].strip()
            # Hex digits only: int() alone would take "-5" (a body read backwards, forever), "0x5", "+5" and "5_0".
            if not size or len(size) > MAX_CHUNK_DIGITS or not HEX_DIGITS.issuperset(size):
                raise HttpError(400, "bad chunk size")
            self.left = int(size, 16)
            if self.left == 0:
                while (await self.conn.readline(MAX_HEAD)).strip():
                    pass  # trailers are dropped
                self.done = True
                return b""
        data = await self.conn.read_some(min(self.left, READ_SIZE))
        self.left -= len(data)
        if self.left == 0:
            if self.chunked:
                if (await self.conn.readline(MAX_CHUNK_LINE)).strip():
                    raise HttpError(400, "bad chunk terminator")
            else:
                self.done = True
        return data

    async def read_all(self):
        parts = []
        while not self.done:
            parts.append(await self.read())
        return b"".join(parts)


class Request:
    """One parsed request head. headers: (lower-case name, value) pairs as sent; h: name -> values joined by ", "."""

    def __init__(self, method, version, raw_path, path, query, headers, h, keep_alive, body):
        self.method, self.version, self.raw_path, self.path, self.query = method, version, raw_path, path, query
        self.headers, self.h, self.keep_alive, self.body = headers, h, keep_alive, body


async def read_request(conn):
    """Parse one request head; None when the client closed an idle connection."""
    line = b"\r\n"
    while line in (b"\r\n", b"\n"):  # tolerate blank lines between requests
        if not conn.buf and not await conn.fill():
            return None
        line = await conn.readline(MAX_HEAD)
    parts = line.decode("latin-1").strip().split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise HttpError(400, "malformed request line")
    method, target, version = parts
    if not target.startswith("/"):
        raise HttpError(400, "request target must be an absolute path")
    headers, size = [], len(line)
    while True:
        line = await conn.readline(MAX_HEAD)
        size += len(line)
        if size > MAX_HEAD or len(headers) > MAX_HEADERS:
            raise HttpError(431, "request headers too large")
        if line in (b"\r\n", b"\n"):
            break
        name, sep, value = line.partition(b":")
        if not sep or not name or name != name.strip():
            raise HttpError(400, "malformed header line")
        headers.append((name.lower(), value.strip()))
    h = {}
    for name, value in headers:
        h[name] = h[name] + b", " + value if name in h else value
    raw_path, _, query = target.partition("?")
    conn_tokens = h.get(b"connection", b"").lower()
    keep_alive = version == "HTTP/1.1" and b"close" not in conn_tokens  # HTTP/1.0: one request per connection
    chunked = b"transfer-encoding" in h
    if chunked and not h[b"transfer-encoding"].lower().endswith(b"chunked"):
        raise HttpError(501, "unsupported transfer-encoding")
    lengths = set(v.strip() for v in h.get(b"content-length", b"0").split(b","))
    length = lengths.pop()
    if lengths or not length.isdigit() or (chunked and b"content-length" in h):
        raise HttpError(400, "bad content-length")
    expect = h.get(b"expect", b"").lower() == b"100-continue" and version == "HTTP/1.1"
    return Request(method.upper(), version[5:], raw_path.encode("latin-1"), unquote(raw_path), query.encode("latin-1"),
                   headers, h, keep_alive, Body(conn, int(length), chunked, expect))


def head_bytes(status, headers):
    try:
        reason = http.HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    lines = [("HTTP/1.1 %d %s\r\n" % (status, reason)).encode("latin-1")]
    lines += [bytes(n) + b": " + bytes(v) + b"\r\n" for n, v in headers]
    return b"".join(lines) + b"\r\n"


async def respond(conn, status, body, content_type, keep_alive=True, head_only=False):
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if not keep_alive:
        headers.append((b"connection", b"close"))
    await conn.write(head_bytes(status, headers) + (b"" if head_only else body))


def json_bytes(obj):
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")
