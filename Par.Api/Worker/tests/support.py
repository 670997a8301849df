"""Helpers of the worker's tests: real asyncio streams over a socket pair, a raw HTTP/1.1 reader for the client
side (independent of par_worker.http11), and agent modules written to a temporary folder."""
import asyncio
import importlib
import os
import shutil
import sys
import tempfile
import textwrap
import uuid

from par_worker.http11 import open_pair

DEADLINE = 30  # seconds a test waits for something that should happen at once, before it fails


class Pair:
    """A server-side Conn (the worker's protocol) and a client reader/writer joined by a socket pair."""

    @classmethod
    async def open(cls):
        self = cls()
        self.conn, self.reader, self.writer = await open_pair()  # the server side as the worker's server makes it
        return self

    async def send(self, data):
        self.writer.write(data)
        await self.writer.drain()

    async def close(self):
        self.writer.close()
        self.conn.close()
        try:
            await self.writer.wait_closed()
        except (ConnectionError, OSError):
            pass

    async def read_response(self):
        return await read_response(self.reader)

    async def read_all(self):
        """Everything the server wrote until it closed its end."""
        self.conn.close()
        return await within(self.reader.read())


async def within(awaitable):
    return await asyncio.wait_for(awaitable, DEADLINE)


class Response:
    def __init__(self, status, reason, headers, body, raw_head):
        self.status, self.reason, self.headers, self.body, self.raw_head = status, reason, headers, body, raw_head

    def header(self, name):
        values = [v for n, v in self.headers if n.lower() == name.lower()]
        return values[0] if values else None


async def read_response(reader):
    """Reads one response: its head, then a body framed by content-length, chunked, or the end of the stream."""
    head = await within(reader.readuntil(b"\r\n\r\n"))
    lines = head[:-4].split(b"\r\n")
    version, status, reason = lines[0].split(b" ", 2)
    headers = [tuple(part.strip() for part in line.split(b":", 1)) for line in lines[1:]]
    response = Response(int(status), reason, headers, b"", head)
    if response.status in (100, 204, 304):
        return response
    if response.header(b"content-length") is not None:
        response.body = await within(reader.readexactly(int(response.header(b"content-length"))))
    elif response.header(b"transfer-encoding") == b"chunked":
        chunks = []
        while True:
            size = int((await within(reader.readuntil(b"\r\n"))).strip(), 16)
            data = await within(reader.readexactly(size + 2))
            if size == 0:
                break
            chunks.append(data[:-2])
        response.body = b"".join(chunks)
    else:
        response.body = await within(reader.read())
    return response


class Modules:
    """Agent modules in a temporary folder on sys.path; each gets a unique name so no import is cached."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="par-worker-test-")
        self.names = []
        sys.path.insert(0, self.dir)

    def write(self, source, name=None):
        name = name or "agent_%s" % uuid.uuid4().hex[:12]
        with open(os.path.join(self.dir, name + ".py"), "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source))
        self.names.append(name)
        importlib.invalidate_caches()
        return name

    def close(self):
        sys.path.remove(self.dir)
        for name in self.names:
            sys.modules.pop(name, None)
        shutil.rmtree(self.dir, ignore_errors=True)
