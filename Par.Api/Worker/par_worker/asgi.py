"""One ASGI request/response cycle: the scope of a parsed request, receive and send, and the framing of the answer."""
import asyncio
import traceback

from par_worker.common import HttpError, log
from par_worker.http11 import head_bytes, respond

NO_BODY_STATUS = (204, 304)
HEAD_FLUSH_DELAY = 0.1          # send headers of a started response even if no body follows yet


def forwarded_scope(h):
    """scheme, server and client as the client made the request. Only PAR reaches this socket, and PAR sets each
    X-Forwarded-* header once, from a proxy it trusts or from its own view of the connection."""
    scheme = h.get(b"x-forwarded-proto", b"http").decode("latin-1").strip().lower()
    host = h.get(b"x-forwarded-host", b"").decode("latin-1").strip()
    port = h.get(b"x-forwarded-port", b"").decode("latin-1").strip()
    client = h.get(b"x-forwarded-for", b"").decode("latin-1").split(",")[0].strip()
    if host.startswith("[") and "]" in host:
        host = host[1:host.index("]")]
    return {"scheme": scheme if scheme in ("http", "https") else "http",
            "server": (host, int(port)) if host and port.isdigit() else None,
            "client": (client, 0) if client else None}


def http_scope(req, root_path, state=None):
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": req.version,
             "method": req.method, "path": req.path, "raw_path": req.raw_path,
             "query_string": req.query, "root_path": root_path, "headers": req.headers,
             "extensions": {}}
    scope.update(forwarded_scope(req.h))
    if state is not None:
        scope["state"] = dict(state)
    return scope


async def run_asgi(app, conn, req, root_path, state=None):
    """Runs the app for one request; returns whether the connection can be reused."""
    scope = http_scope(req, root_path, state)
    cycle, error = Cycle(conn, req, scope), None
    try:
        await app(scope, cycle.receive, cycle.send)
    except Exception as exc:
        error = exc
        log("%s %s: the ASGI app raised:\n%s" % (req.method, req.path, traceback.format_exc()))
    return await cycle.finish(error)


class Cycle:
    def __init__(self, conn, req, scope):
        self.conn, self.req, self.scope = conn, req, scope
        self.started = self.head_sent = self.complete = self.request_sent = False
        self.status, self.headers, self.mode, self.expected, self.sent = 0, [], None, None, 0
        self.close_after = not req.keep_alive
        self.done = asyncio.Event()
        self.watcher = self.flush_timer = None

    async def receive(self):
        if self.complete or self.conn.gone or self.conn.eof:
            return {"type": "http.disconnect"}
        body = self.req.body
        if not body.done or not self.request_sent:
            self.request_sent = True
            try:
                data = await body.read()
            except (HttpError, ConnectionError):  # broken body framing or the client left
                self.conn.eof = True
                return {"type": "http.disconnect"}
            return {"type": "http.request", "body": data, "more_body": not body.done}
        # Body fully read: block until the client goes away or the response is done.
        if self.watcher is None:
            self.watcher = asyncio.ensure_future(self.conn.watch_eof())
        waiter = asyncio.ensure_future(self.done.wait())
        await asyncio.wait([self.watcher, waiter], return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        return {"type": "http.disconnect"}

    async def send(self, message):
        kind = message.get("type")
        if kind == "http.response.start":
            if self.started:
                raise RuntimeError("http.response.start sent twice")
            self.started, self.status = True, int(message["status"])
            self.headers = [(n.encode("latin-1") if isinstance(n, str) else bytes(n),
                             v.encode("latin-1") if isinstance(v, str) else bytes(v))
                            for n, v in message.get("headers") or []]
            self.flush_timer = asyncio.get_running_loop().call_later(HEAD_FLUSH_DELAY, self._write_head, b"", True)
        elif kind == "http.response.body":
            if not self.started or self.complete:
                raise RuntimeError("http.response.body sent before http.response.start or after the last body")
            body, more = bytes(message.get("body", b"")), bool(message.get("more_body", False))
            out = b"" if self.head_sent else self._write_head(body, more)
            if self.mode == "chunked":  # an empty chunk would end the body, so skip empty pieces
                out += (b"%x\r\n%s\r\n" % (len(body), body) if body else b"") + (b"" if more else b"0\r\n\r\n")
            elif self.mode != "none":
                out += body
            self.sent += len(body)
            if not more:
                self.complete = True
                self.done.set()
                if self.mode == "length" and self.expected != self.sent:
                    log("%s %s: app sent %d body bytes but declared content-length %d; closing the connection"
                        % (self.req.method, self.req.path, self.sent, self.expected))
                    self.close_after = True
            if out:
                await self.conn.write(out)
        else:
            raise RuntimeError("unexpected ASGI message %r" % (kind,))

    def _write_head(self, first_body, more):
        """Pick the framing (Content-Length when known, else chunked) and write the head.
        Returns b"" when called from the flush timer, since it writes directly then."""
        if self.head_sent:
            return b""
        self.head_sent = True
        if self.flush_timer is not None:
            self.flush_timer.cancel()
        headers = []
        for name, value in self.headers:
            lname = name.lower()
            if lname == b"content-length":
                self.expected = int(value)
            elif lname == b"connection":
                self.close_after = self.close_after or b"close" in value.lower()
                continue
            elif lname == b"transfer-encoding":
                continue  # framing is ours to choose
            headers.append((name, value))
        if self.req.method == "HEAD" or self.status in NO_BODY_STATUS or self.status < 200:
            self.mode = "none"
        elif self.expected is not None:
            self.mode = "length"
        elif not more:
            headers.append((b"content-length", str(len(first_body)).encode()))
            self.mode, self.expected = "length", len(first_body)
        elif self.req.version == "1.0":
            self.mode, self.close_after = "close", True
        else:
            self.mode = "chunked"
            headers.append((b"transfer-encoding", b"chunked"))
        body = self.req.body
        if not body.done and body.expect:  # client never got 100 Continue and won't send the body
            self.close_after = True
        if self.close_after:
            headers.append((b"connection", b"close"))
        data = head_bytes(self.status, headers)
        if first_body == b"" and more:  # timer path: write now, in order before any later body
            self.conn.write_nowait(data)
            return b""
        return data

    async def finish(self, exc):
        """After the app returned or raised; returns whether the connection can be reused."""
        if self.flush_timer is not None:
            self.flush_timer.cancel()
        self.done.set()
        if self.watcher is not None:
            self.watcher.cancel()
            await asyncio.wait([self.watcher])
        if not self.head_sent:
            if exc is None:
                log("%s %s: the ASGI app returned without sending a response" % (self.req.method, self.req.path))
            await respond(self.conn, 500, b"Internal Server Error", b"text/plain; charset=utf-8",
                          keep_alive=False)
            return False
        if not self.complete:
            return False  # a half-sent response cannot be repaired; closing tells the client
        return not self.close_after and not self.conn.gone and not self.conn.eof
