"""The worker's server: the Unix socket, the loop over each connection's requests, shutdown, and main().

main() also runs the standby mode of PAR's head start (--spec -): everything is imported first, then the spec's
path is read from stdin.
"""
import asyncio
import json
import os
import signal
import stat
import sys
import traceback

from par_worker.asgi import run_asgi
from par_worker.common import HttpError, LoadError, describe, log
from par_worker.control import Control
from par_worker.http11 import protocol_factory, read_request, respond
from par_worker.lifespan import Lifespan
from par_worker.loader import load_agent
from par_worker.task import end_message, start_task

LOAD_FAILED = 3
TASK_ENDED = 4                  # an entrypoint-only agent's task returned or raised: the worker is done
DRAIN_CHECKS, DRAIN_INTERVAL = 20, 0.1  # PAR drained its own calls first; stragglers get up to 2 s
STOP_TIMEOUT = 2.5              # for the entrypoint task and the lifespan shutdown, each

# The folder (or zipapp) the worker was started from: sys.path[0], which is not the agent's business.
WORKER_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Worker:
    def __init__(self, spec, agent, loop):
        self.spec, self.agent, self.loop = spec, agent, loop
        self.root_path = "" if spec.get("rootPath") in (None, "", "/") else spec["rootPath"].rstrip("/")
        self.control = Control(agent, loop)
        self.lifespan = Lifespan(agent.app, loop) if agent.app is not None else None
        self.conns, self.busy, self.stopping = set(), set(), False
        self.task, self.exit_code = None, 0

    def status(self):
        return self.control.status()

    def connected(self, conn):
        """A new connection (from the server's protocol factory): its requests are served by a task of its own."""
        self.conns.add(self.loop.create_task(self.serve_conn(conn)))

    async def serve_conn(self, conn):
        task = asyncio.current_task()
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
            conn.close()

    async def dispatch(self, conn, req):
        keep = await self.control.handle(conn, req)
        if keep is not None:
            return keep
        if self.agent.app is None:
            await respond(conn, 404, b'{"detail":"Not Found"}', b"application/json", req.keep_alive, req.method == "HEAD")
            return req.keep_alive
        state = self.lifespan.state if self.lifespan is not None else None
        return await run_asgi(self.agent.app, conn, req, self.root_path, state)

    async def start_task(self, stop):
        """The entrypoint task; its end, by return or by exception, ends the worker (exit TASK_ENDED), which PAR
        reports as the worker's death."""
        ref = self.spec["entrypoint"]

        def ended(task):
            if self.stopping:
                return
            log(end_message(task, ref))
            self.exit_code = TASK_ENDED
            stop.set()

        self.task = await start_task(self.agent.task, ref, self.loop, ended)

    async def run(self, socket_path, status_file):
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            self.loop.add_signal_handler(sig, stop.set)
        server = await start_server(self.connected, socket_path)
        own_socket = identity(socket_path)
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
        for _ in range(DRAIN_CHECKS):
            if not self.busy:
                break
            await asyncio.sleep(DRAIN_INTERVAL)
        for task in list(self.conns):
            task.cancel()
        if self.task is not None and not self.task.done():
            self.task.cancel()  # an async task stops at its next await; a thread is left to os._exit
            await asyncio.wait([self.task], timeout=STOP_TIMEOUT)
        if self.lifespan is not None:
            await self.lifespan.shutdown(timeout=STOP_TIMEOUT)
        self.control.close()
        # Only the socket this worker made: an orphan of a killed PAR stops a second after it, by which time the next
        # PAR's worker may listen at the same path.
        if identity(socket_path) == own_socket:
            try:
                os.unlink(socket_path)
            except OSError:
                pass


def identity(path):
    """The file at path as (device, inode), or None."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


async def start_server(connected, path):
    """Listens on the Unix socket at path (0600); connected(conn) for each accepted connection."""
    try:
        if stat.S_ISSOCK(os.lstat(path).st_mode) or os.path.isfile(path):
            os.unlink(path)  # stale socket from an earlier worker
    except FileNotFoundError:
        pass
    old_umask = os.umask(0o177)  # the socket is born 0600, no window where others can connect
    try:
        # PAR's pool opens up to 256 connections at once; the default backlog of 100 would refuse some of them.
        server = await asyncio.get_running_loop().create_unix_server(protocol_factory(connected), path=path, backlog=512)
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


OPTIONS = ("--spec", "--socket", "--status-file")  # all three required; "--spec -" reads the spec's path from stdin


def parse_args(argv):
    """The worker's command line, PAR's own: each option once, followed by its value. (argparse, with the gettext and
    shutil it imports, was ~0.35 MiB of every worker's memory.)"""
    usage = "usage: par_worker " + " ".join("%s VALUE" % name for name in OPTIONS)
    values = {}
    for i in range(0, len(argv), 2):
        name = argv[i]
        problem = ("is not an option" if name not in OPTIONS else "is given twice" if name in values
                   else "needs a value" if i + 1 == len(argv) else None)
        if problem:
            raise SystemExit("par_worker: %s %s; %s" % (name, problem, usage))
        values[name] = argv[i + 1]
    for name in OPTIONS:
        if name not in values:
            raise SystemExit("par_worker: %s is required; %s" % (name, usage))
    return values


def main():
    options = parse_args(sys.argv[1:])
    try:
        os.setsid()  # a session of its own: a signal to PAR's process group (Ctrl-C, kill -TERM -PGID) reaches PAR alone
    except OSError:  # already a session leader (started through setsid)
        pass
    socket_path, status_file = os.path.abspath(options["--socket"]), os.path.abspath(options["--status-file"])  # we chdir later
    for stream in (sys.stdout, sys.stderr):  # PAR reads the agent's output line by line
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(line_buffering=True)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    spec_path = options["--spec"]
    if spec_path == "-":
        spec_path = sys.stdin.readline().strip()
        if not spec_path:
            os._exit(0)
    try:
        with open(spec_path, encoding="utf-8") as f:
            spec = json.load(f)
        package_dir = os.path.abspath(spec["packageDir"])
        if sys.path and os.path.realpath(sys.path[0] or ".") == os.path.realpath(WORKER_ROOT):
            del sys.path[0]  # every module of ours is imported by now; the agent's own come from its package
        sys.path.insert(0, package_dir)
        os.chdir(package_dir)
        for key, value in (spec.get("environment") or {}).items():
            os.environ[str(key)] = "" if value is None else str(value)
        worker = Worker(spec, load_agent(spec, loop), loop)
        loop.run_until_complete(worker.run(socket_path, status_file))
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
            write_status(status_file, {"state": "failed", "error": summary, "traceback": text})
        finally:
            os._exit(LOAD_FAILED)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the pipe to PAR is broken: nothing left to tell it
            pass
    os._exit(worker.exit_code)  # do not wait for handler threads that are still running
