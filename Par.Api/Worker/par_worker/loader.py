"""Loading the agent: its exports, its a2a factory, its ASGI app and REST entry, or its long-running task."""
import importlib
import inspect

from par_worker.common import LoadError, describe, log


class Agent:
    """What the worker serves: actions by name, a servicer, an ASGI app, an entrypoint task, load warnings."""

    def __init__(self):
        self.handlers, self.servicer, self.app, self.task, self.warnings = {}, None, None, None, []

    def warn(self, message):
        self.warnings.append(message)
        log("warning: " + message)


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
    agent = Agent()
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
        agent.warn("a2a %r names an ASGI server, not a handler factory: it is served as the agent's HTTP app "
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
        agent.warn("a2a factory %r returned %s, which has no 'custom_handlers' and no 'Invoke': "
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
