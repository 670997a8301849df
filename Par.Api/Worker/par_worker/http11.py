"""HTTP/1.1 on one client connection: reading request heads, framing request bodies, writing simple responses."""
import asyncio
import socket
import http
import json
from urllib.parse import unquote

from par_worker.common import HttpError

MAX_HEAD = 64 * 1024            # request line + headers
MAX_HEADERS = 200               # header lines in one request head
MAX_CHUNK_LINE = 4096           # a chunk-size line (with extensions) or a chunk's terminating CRLF
MAX_CHUNK_DIGITS = 16          # hex digits of one chunk size
HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
READ_SIZE = 64 * 1024


class Protocol(asyncio.StreamReaderProtocol):
    """asyncio's stream protocol that also tells the connection's Conn, at once, when the client stops sending (EOF or
    the connection lost), even while nothing reads: an Invoke in progress learns it without a watcher task."""

    conn = None

    def eof_received(self):
        if self.conn is not None:
            self.conn.client_closed()
        return super().eof_received()

    def connection_lost(self, exc):
        if self.conn is not None:
            self.conn.client_closed()
        super().connection_lost(exc)


def protocol_factory(connected, loop):
    """What asyncio.start_unix_server builds for each connection, with our Protocol: connected(reader, writer)."""
    def factory():
        return Protocol(asyncio.StreamReader(limit=READ_SIZE, loop=loop), connected, loop=loop)
    return factory


async def open_pair():
    """A server-side Conn and a client (reader, writer) over a socket pair (the worker's tests)."""
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    conns = []
    await loop.create_unix_connection(protocol_factory(lambda r, w: conns.append(Conn(r, w)), loop), sock=a)
    reader, writer = await asyncio.open_connection(sock=b)
    while not conns:  # the callback runs once the transport is made
        await asyncio.sleep(0)
    return conns[0], reader, writer


class Conn:
    """A buffered byte stream over one client connection (our own buffer, so a disconnect
    watcher can read ahead without losing a pipelined request)."""

    def __init__(self, reader, writer):
        self.reader, self.writer, self.buf = reader, writer, bytearray()
        self.eof = False     # the client stopped sending (closed or half-closed), as seen by reading
        self.gone = False    # writing to the client failed
        self.closed = False  # the client stopped sending, as the Protocol saw it (before anything read it)
        self.on_close = None  # called once, from the loop, when the client stops sending
        protocol = writer.transport.get_protocol()
        if isinstance(protocol, Protocol):
            protocol.conn = self

    def client_closed(self):
        self.closed = True
        hook, self.on_close = self.on_close, None
        if hook is not None:
            hook()

    async def fill(self):
        data = await self.reader.read(READ_SIZE)
        self.eof = not data
        self.buf += data
        return bool(data)

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
        if self.gone or self.writer.is_closing():
            self.gone = True
        else:
            self.writer.write(data)

    async def write(self, data):
        try:
            self.write_nowait(data)
            if not self.gone:
                await self.writer.drain()  # flush now: streamed pieces must reach the client as they come
        except (ConnectionError, OSError):
            self.gone = True

    async def watch_eof(self):
        try:
            while len(self.buf) < MAX_HEAD and await self.fill():
                pass
        except (ConnectionError, OSError):
            self.eof = True
        if not self.eof:  # pipelined data piling up: stop reading, but keep waiting
            await asyncio.Event().wait()


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
