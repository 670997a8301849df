"""PAR agent worker: loads one agent package and serves it over HTTP/1.1 on a Unix socket.

Standard library only; runs in the agent's venv interpreter (Python 3.9+).
Usage: python par_worker.py --spec SPEC.json --socket PATH --status-file PATH
With --spec -, the worker starts ahead of its spec: it imports what it needs, then reads the spec's path
from the first line of stdin (an empty stdin means it is not needed, and it exits 0).
Control routes: GET /_par/status, POST /_par/invoke/{action}; every other request goes to
the agent's ASGI app. Load failures are written to the status file and exit with code 3.
"""
import argparse, asyncio, concurrent.futures, functools, http, importlib, inspect, json
import os, platform, signal, stat, sys, threading, traceback, types, uuid
from urllib.parse import unquote

LOAD_FAILED = 3
TASK_ENDED = 4                  # an entrypoint-only agent's task returned or raised: the worker is done
MAX_HEAD = 64 * 1024            # request line + headers
READ_SIZE = 64 * 1024
NO_BODY_STATUS = (204, 304)
HEAD_FLUSH_DELAY = 0.1          # send headers of a started response even if no body follows yet


def log(msg):
    try:
        sys.stderr.write("par_worker: %s\n" % msg)
        sys.stderr.flush()
    except (OSError, ValueError):  # PAR, the reader of our stderr, is gone; logging must not stop the worker
        pass


def describe(exc):
    text = str(exc).replace("\r", " ").replace("\n", " ").strip()
    return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__


class LoadError(Exception):
    pass


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- loading the agent

def resolve(ref, what, dotted=False):
    """Import "module:attr" (or "module.attr" when dotted) and return the attribute."""
    if ":" in ref:
        mod, _, attr = ref.partition(":")
    elif dotted:
        mod, _, attr = ref.rpartition(".")
    else:
        mod, attr = "", ""
    if not mod or not attr:
        raise LoadError("%s %r must look like %s" % (what, ref, "'module.function'" if dotted else "'module:attribute'"))
    obj = step("%s %r: importing module %r" % (what, ref, mod), importlib.import_module, mod)
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise LoadError("%s %r: %r has no attribute %r" % (what, ref, getattr(obj, "__name__", obj), part))
        obj = getattr(obj, part)
    return obj


def step(what, fn, *args):
    """Run one piece of agent code; any failure becomes a LoadError that keeps the agent's traceback."""
    try:
        return fn(*args)
    except LoadError:
        raise
    except BaseException as exc:  # SystemExit at import time is a load error too
        raise LoadError("%s: %s" % (what, describe(exc))) from exc


def check_callable(fn, what):
    if not callable(fn):
        raise LoadError("%s is not callable (got %s)" % (what, type(fn).__name__))
    return fn


def call_factory(loop, what, fn, *args):
    result = step(what, fn, *args)
    if inspect.isawaitable(result):  # async factories are allowed
        result = step(what, loop.run_until_complete, result)
    return result


def load_agent(spec, loop):
    agent = types.SimpleNamespace(handlers={}, servicer=None, app=None, task=None, warnings=[])
    if spec.get("entrypoint"):
        if spec.get("runEntrypoint"):
            agent.task = load_task(spec["entrypoint"])
        else:
            module = spec["entrypoint"].partition(":")[0]
            step("entrypoint %r: importing module %r" % (spec["entrypoint"], module), importlib.import_module, module)
    for export in spec.get("exports") or []:
        name, ref = export.get("name"), export.get("handler")
        if not name or not ref:
            raise LoadError("export %r needs both 'name' and 'handler'" % (export,))
        agent.handlers[name] = check_callable(resolve(ref, "export %r handler" % name, dotted=True),
                                              "export %r handler %r" % (name, ref))
    if spec.get("a2a"):
        load_a2a(spec["a2a"], agent, loop)
    if spec.get("asgi"):
        agent.app = asgi_app(resolve(spec["asgi"], "asgi app"), "asgi app %r" % spec["asgi"])
    if spec.get("restEntry"):
        agent.app = load_rest_entry(spec["restEntry"], agent.app, loop)
    return agent


def load_a2a(ref, agent, loop):
    target = resolve(ref, "a2a")
    served = asgi_of(target)
    if served is not None:  # pixell-sdk's a2a.http_server naming an AgentServer (or an ASGI app): serve it
        if agent.app is None:
            agent.app = served
        warn(agent, "a2a %r names an ASGI server, not a handler factory: it is served as the agent's HTTP app "
                    "and the agent has no A2A actions" % ref)
        return
    factory = check_callable(target, "a2a factory %r" % ref)
    service = call_factory(loop, "a2a factory %r" % ref, factory)
    handlers = service.get("custom_handlers") if isinstance(service, dict) else getattr(service, "custom_handlers", None)
    if isinstance(handlers, dict):
        for name, fn in handlers.items():
            if name in agent.handlers:
                log("action %r from a2a replaces the export of the same name" % name)
            agent.handlers[str(name)] = check_callable(fn, "a2a handler %r" % name)
    elif callable(getattr(service, "Invoke", None)):
        agent.servicer = service
    elif handlers is not None:
        raise LoadError("a2a factory %r returned 'custom_handlers' of type %s; expected a dict of action name -> "
                        "callable" % (ref, type(handlers).__name__))
    elif isinstance(service, (str, bytes, int, float, list, tuple, set)):  # a value, not a service: a mistake
        raise LoadError("a2a factory %r returned %.60r (%s); expected a dict or object with 'custom_handlers' "
                        "(action name -> callable), a servicer object with an 'Invoke' method, or None for no "
                        "actions" % (ref, service, type(service).__name__))
    else:  # the `pixell init` stub returns None: no actions, and REST, UI and gRPC still serve
        got = "None" if service is None else "%.60r (%s)" % (service, type(service).__name__)
        warn(agent, "a2a factory %r returned %s, which has no 'custom_handlers' and no 'Invoke': "
                    "the agent has no A2A actions" % (ref, got))


def asgi_of(obj):
    """The ASGI app an object stands for: itself when it takes (scope, receive, send), or its callable `.app`
    (pixell-sdk's AgentServer) when it is not a no-argument callable itself; else None."""
    if callable(obj) and takes_no_arguments(obj):
        return None
    if callable(obj) and not inspect.isclass(obj) and positional_count(obj) == 3:
        return obj
    app = getattr(obj, "app", None) if not inspect.isclass(obj) and not inspect.ismodule(obj) else None
    return app if callable(app) else None


def asgi_app(obj, what):
    if callable(obj):
        return obj
    app = asgi_of(obj)
    if app is None:
        raise LoadError("%s is not callable and has no callable 'app' attribute (got %s)" % (what, type(obj).__name__))
    return app


def signature(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):  # builtins without a signature
        return None


def takes_no_arguments(fn):
    sig = signature(fn)
    if sig is None:
        return False
    try:
        sig.bind()
        return True
    except TypeError:
        return False


def positional_count(fn):
    sig = signature(fn)
    if sig is None:
        return -1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in sig.parameters.values() if p.kind in kinds)


def load_task(ref):
    """An entrypoint-only package: the entrypoint is the agent's long-running task, called with no arguments."""
    fn = check_callable(resolve(ref, "entrypoint"), "entrypoint %r" % ref)
    if not takes_no_arguments(fn):
        raise LoadError("entrypoint %r is the package's only surface, so PAR runs it as the agent's long-running "
                        "task, called with no arguments; but it needs arguments %s. Point entrypoint at a function "
                        "that takes none (such as an async main())" % (ref, signature(fn)))
    return fn


def warn(agent, message):
    agent.warnings.append(message)
    log("warning: " + message)


def load_rest_entry(ref, asgi_app, loop):
    try:
        fastapi = importlib.import_module("fastapi")
    except ImportError as exc:
        raise LoadError("rest entry %r needs fastapi, which is not installed in the agent's venv "
                        "(add fastapi to requirements.txt): %s" % (ref, describe(exc))) from exc
    app = fastapi.FastAPI()
    call_factory(loop, "rest entry %r" % ref, check_callable(resolve(ref, "rest entry"), "rest entry %r" % ref), app)
    if asgi_app is not None:  # both declared: the FastAPI routes first, the ASGI app gets the rest
        app.mount("/", asgi_app)
    return app


# ---------------------------------------------------------------- lifespan

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


# ---------------------------------------------------------------- HTTP/1.1 plumbing

class Conn:
    """A buffered byte stream over one client connection (our own buffer, so a disconnect
    watcher can read ahead without losing a pipelined request)."""

    def __init__(self, reader, writer):
        self.reader, self.writer, self.buf = reader, writer, bytearray()
        self.eof = False   # the client stopped sending (closed or half-closed)
        self.gone = False  # writing to the client failed

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
            size = (await self.conn.readline(4096)).split(b";")[0].strip()
            try:
                self.left = int(size, 16)
            except ValueError:
                raise HttpError(400, "bad chunk size")
            if self.left == 0:
                while (await self.conn.readline(MAX_HEAD)).strip():
                    pass  # trailers are dropped
                self.done = True
                return b""
        data = await self.conn.read_some(min(self.left, READ_SIZE))
        self.left -= len(data)
        if self.left == 0:
            if self.chunked:
                if (await self.conn.readline(4096)).strip():
                    raise HttpError(400, "bad chunk terminator")
            else:
                self.done = True
        return data

    async def read_all(self):
        parts = []
        while not self.done:
            parts.append(await self.read())
        return b"".join(parts)


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
        if size > MAX_HEAD or len(headers) > 200:
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
    return types.SimpleNamespace(
        method=method.upper(), version=version[5:], raw_path=raw_path.encode("latin-1"), path=unquote(raw_path),
        query=query.encode("latin-1"), headers=headers, h=h, keep_alive=keep_alive,
        body=Body(conn, int(length), chunked, expect))


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


# ---------------------------------------------------------------- one ASGI request/response cycle

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


# ---------------------------------------------------------------- the worker server

class Worker:
    def __init__(self, spec, agent, loop):
        self.spec, self.agent, self.loop = spec, agent, loop
        self.root_path = "" if spec.get("rootPath") in (None, "", "/") else spec["rootPath"].rstrip("/")
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=32, thread_name_prefix="par-handler")
        self.lifespan = Lifespan(agent.app, loop) if agent.app is not None else None
        self.conns, self.busy, self.stopping = set(), set(), False
        self.task, self.exit_code = None, 0

    def status(self):
        return {"state": "loaded", "actions": sorted(self.agent.handlers), "asgi": self.agent.app is not None,
                "servicer": self.agent.servicer is not None, "task": self.agent.task is not None,
                "warnings": self.agent.warnings, "pid": os.getpid(), "python": platform.python_version()}

    async def serve_conn(self, reader, writer):
        conn, task = Conn(reader, writer), asyncio.current_task()
        self.conns.add(task)
        try:
            while not self.stopping:
                req = await read_request(conn)
                if req is None:
                    break
                self.busy.add(task)
                try:
                    keep = await self.dispatch(conn, req)
                    if keep and not req.body.done and not req.body.expect:
                        await req.body.read_all()  # drain what the app left unread
                    elif not req.body.done:
                        keep = False
                finally:
                    self.busy.discard(task)
                if not keep:
                    break
        except HttpError as exc:
            await respond(conn, exc.status, str(exc).encode(), b"text/plain; charset=utf-8", keep_alive=False)
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        except Exception:
            log("connection error:\n" + traceback.format_exc())
        finally:
            self.conns.discard(task)
            writer.close()

    async def dispatch(self, conn, req):
        if req.path == "/_par/status" and req.method in ("GET", "HEAD"):
            await respond(conn, 200, json_bytes(self.status()), b"application/json", req.keep_alive, req.method == "HEAD")
            return req.keep_alive
        if req.method == "POST" and req.raw_path.startswith(b"/_par/invoke/"):
            action = unquote(req.raw_path[len(b"/_par/invoke/"):].decode("latin-1"))
            raw = await req.body.read_all()
            request_id = (req.h.get(b"x-request-id") or b"").decode("latin-1") or uuid.uuid4().hex
            answer = await self.invoke(action, raw, request_id)
            await respond(conn, 200, json_bytes(answer), b"application/json", req.keep_alive)
            return req.keep_alive
        if self.agent.app is None:
            await respond(conn, 404, b'{"detail":"Not Found"}', b"application/json", req.keep_alive, req.method == "HEAD")
            return req.keep_alive
        return await self.run_asgi(conn, req)

    async def run_asgi(self, conn, req):
        scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": req.version,
                 "method": req.method, "path": req.path, "raw_path": req.raw_path,
                 "query_string": req.query, "root_path": self.root_path, "headers": req.headers,
                 "extensions": {}}
        scope.update(forwarded_scope(req.h))
        if self.lifespan is not None:
            scope["state"] = dict(self.lifespan.state)
        cycle, error = Cycle(conn, req, scope), None
        try:
            await self.agent.app(scope, cycle.receive, cycle.send)
        except Exception as exc:
            error = exc
            log("%s %s: the ASGI app raised:\n%s" % (req.method, req.path, traceback.format_exc()))
        return await cycle.finish(error)

    async def invoke(self, action, raw, request_id):
        try:
            params = json.loads(raw.decode("utf-8")) if raw.strip() else {}
        except ValueError as exc:
            return {"success": False, "error": "Invalid JSON parameters: %s" % exc}
        if not isinstance(params, dict):
            return {"success": False, "error": "Parameters must be a JSON object"}
        fn = self.agent.handlers.get(action)
        try:
            if fn is not None:
                return envelope_answer(await self.call(fn, params))
            if self.agent.servicer is None:
                return {"success": False, "error": "No handler found for action: %s" % action}
            request = types.SimpleNamespace(action=action, parameters=params, request_id=request_id)
            return servicer_answer(await self.call(self.agent.servicer.Invoke, request, None))
        except (Exception, SystemExit) as exc:  # a handler calling sys.exit must not end the worker
            log("action %r raised:\n%s" % (action, traceback.format_exc()))
            return {"success": False, "error": describe(exc)}

    async def start_task(self, stop):
        """Runs the entrypoint as the agent's long-running task; ready once it has started. Its end, by return or
        by exception, ends the worker (exit TASK_ENDED), which PAR reports as the worker's death."""
        fn, ref = self.agent.task, self.spec["entrypoint"]
        if inspect.iscoroutinefunction(fn):
            self.task = asyncio.ensure_future(fn())
        else:
            self.task = asyncio.ensure_future(self.run_in_thread(fn))
        await asyncio.sleep(0)  # let it run to its first await, so a failure right at the start is a load failure
        if self.task.done() and not self.task.cancelled() and self.task.exception() is not None:
            exc = self.task.exception()
            raise LoadError("entrypoint task %r failed as it started: %s" % (ref, describe(exc))) from exc

        def ended(task):
            if self.stopping:
                return
            if task.cancelled():
                log("the entrypoint task %r was cancelled; the worker stops" % ref)
            elif task.exception() is not None:
                exc = task.exception()
                log("the entrypoint task %r raised; the worker stops:\n%s"
                    % (ref, "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))))
            else:
                log("the entrypoint task %r returned; an entrypoint-only agent is a long-running task, "
                    "so the worker stops" % ref)
            self.exit_code = TASK_ENDED
            stop.set()

        self.task.add_done_callback(ended)
        log("entrypoint task %r started" % ref)

    async def run_in_thread(self, fn):
        done = self.loop.create_future()

        def body():
            try:
                result = fn()
            except BaseException as exc:  # SystemExit too: the task is over either way
                self.loop.call_soon_threadsafe(lambda: done.done() or done.set_exception(exc))
            else:
                self.loop.call_soon_threadsafe(lambda: done.done() or done.set_result(result))

        threading.Thread(target=body, name="par-entrypoint", daemon=True).start()
        result = await done
        if inspect.isawaitable(result):  # a sync wrapper returning a coroutine
            await result

    async def call(self, fn, *args):
        if inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None)):
            return await fn(*args)
        result = await self.loop.run_in_executor(self.pool, functools.partial(fn, *args))
        if inspect.isawaitable(result):  # sync wrapper returning a coroutine
            result = await result
        return result

    async def run(self, socket_path, status_file):
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            self.loop.add_signal_handler(sig, stop.set)
        server = await start_server(self.serve_conn, socket_path)
        if self.lifespan is not None:
            await self.lifespan.startup()
        if self.agent.task is not None:
            await self.start_task(stop)
        write_status(status_file, self.status())
        log("loaded, listening on %s (actions: %s)" % (socket_path, ", ".join(sorted(self.agent.handlers)) or "none"))
        watchdog = asyncio.ensure_future(watch_parent(stop))
        await stop.wait()
        log("stopping")
        self.stopping = True
        watchdog.cancel()
        server.close()
        for _ in range(20):  # PAR drained its own calls first; give stragglers up to 2 s
            if not self.busy:
                break
            await asyncio.sleep(0.1)
        for task in list(self.conns):
            task.cancel()
        if self.task is not None and not self.task.done():
            self.task.cancel()  # an async task stops at its next await; a thread is left to os._exit
            await asyncio.wait([self.task], timeout=2.5)
        if self.lifespan is not None:
            await self.lifespan.shutdown(timeout=2.5)
        self.pool.shutdown(wait=False)
        try:
            os.unlink(socket_path)
        except OSError:
            pass


def as_text(value):
    return value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)


ENVELOPE_KEYS = frozenset(("success", "result", "error", "metadata"))


def envelope_answer(value):
    """pixell agents' envelope {"success": bool, "result" | "error": ..., "metadata": {...}} is unwrapped; any
    other value (a dict with other keys, a non-bool success) is the result itself."""
    if isinstance(value, dict) and isinstance(value.get("success"), bool) and ENVELOPE_KEYS.issuperset(value):
        return answer(value.get, "the action reported failure")
    return {"success": True, "result": as_text(value)}


def servicer_answer(reply):
    """A servicer may return a dict/object with success/result/error, or a plain value."""
    if isinstance(reply, dict) and "success" in reply:
        return answer(reply.get, "the servicer reported failure")
    if not isinstance(reply, dict) and hasattr(reply, "success"):  # e.g. a protobuf ActionResult
        return answer(lambda name, default=None: getattr(reply, name, default), "the servicer reported failure")
    return {"success": True, "result": as_text(reply)}


def answer(get, failure):
    out = {"success": bool(get("success", False))}
    if out["success"]:
        result = get("result", None)
        out["result"] = "" if result is None else as_text(result)
    else:
        out["error"] = str(get("error", "") or failure)
    metadata = get("metadata", None)
    if isinstance(metadata, dict) and metadata:
        out["metadata"] = {str(k): as_text(v) for k, v in metadata.items()}
    elif metadata is not None and hasattr(metadata, "items"):  # a protobuf map
        out["metadata"] = {str(k): as_text(v) for k, v in metadata.items()}
    return out


async def start_server(callback, path):
    try:
        if stat.S_ISSOCK(os.lstat(path).st_mode) or os.path.isfile(path):
            os.unlink(path)  # stale socket from an earlier worker
    except FileNotFoundError:
        pass
    old_umask = os.umask(0o177)  # the socket is born 0600, no window where others can connect
    try:
        server = await asyncio.start_unix_server(callback, path=path)
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o600)
    return server


async def watch_parent(stop):
    parent = os.getppid()
    while os.getppid() == parent:  # PAR died without stopping us: do not linger as an orphan
        await asyncio.sleep(1)
    stop.set()
    log("parent process went away")


def write_status(path, data):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description="PAR agent worker")
    parser.add_argument("--spec", required=True, help="the spec file, or - to read its path from stdin")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--status-file", required=True)
    args = parser.parse_args()
    try:
        os.setsid()  # a session of its own: a signal to PAR's process group (Ctrl-C, kill -TERM -PGID) reaches PAR alone
    except OSError:  # already a session leader (started through setsid)
        pass
    args.socket, args.status_file = os.path.abspath(args.socket), os.path.abspath(args.status_file)  # we chdir later
    for stream in (sys.stdout, sys.stderr):  # PAR reads the agent's output line by line
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(line_buffering=True)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    spec_path = args.spec
    if spec_path == "-":
        spec_path = sys.stdin.readline().strip()
        if not spec_path:
            os._exit(0)
    try:
        with open(spec_path, encoding="utf-8") as f:
            spec = json.load(f)
        package_dir = os.path.abspath(spec["packageDir"])
        here = os.path.dirname(os.path.realpath(__file__))
        if sys.path and os.path.realpath(sys.path[0] or ".") == here:
            del sys.path[0]  # the worker's own folder is not the agent's business
        sys.path.insert(0, package_dir)
        os.chdir(package_dir)
        for key, value in (spec.get("environment") or {}).items():
            os.environ[str(key)] = "" if value is None else str(value)
        worker = Worker(spec, load_agent(spec, loop), loop)
        loop.run_until_complete(worker.run(args.socket, args.status_file))
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        cause = exc.__cause__ if isinstance(exc, LoadError) else exc
        if cause is None:  # our own finding about the agent: the worker's frames would only distract
            text = "LoadError: %s\n" % exc
        else:
            text = "".join(traceback.format_exception(type(cause), cause, cause.__traceback__))
        summary = str(exc) if isinstance(exc, LoadError) else describe(exc)
        log("load failed: %s\n%s" % (summary, text))
        try:
            write_status(args.status_file, {"state": "failed", "error": summary, "traceback": text})
        finally:
            os._exit(LOAD_FAILED)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the pipe to PAR is broken: nothing left to tell it
            pass
    os._exit(worker.exit_code)  # do not wait for handler threads that are still running


if __name__ == "__main__":
    main()
