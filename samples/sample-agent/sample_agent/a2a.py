"""A2A actions of the sample agent. Each handler takes the parameters dict."""
import asyncio
import os

OPERATIONS = {
    "add": lambda a, b: a + b,
    "subtract": lambda a, b: a - b,
    "multiply": lambda a, b: a * b,
    "divide": lambda a, b: a / b,
}


def _number(value, name):
    """Numbers may arrive as JSON numbers or as strings ("2", "2.5")."""
    if isinstance(value, bool):
        raise ValueError("%s must be a number, got a boolean" % name)
    if isinstance(value, (int, float)):
        return value
    try:
        text = str(value).strip()
        return int(text) if text.lstrip("+-").isdigit() else float(text)
    except (TypeError, ValueError):
        raise ValueError("%s must be a number, got %r" % (name, value))


def process_data(params):
    """Synchronous: summarises what it received."""
    return {"received": params, "keys": sorted(params), "count": len(params)}


async def get_status(params):
    """Asynchronous: reports the greeting PAR put into the environment."""
    return {"status": "ok", "greeting": os.environ.get("SAMPLE_GREETING", "")}


def calculate(params):
    """Applies add, subtract, multiply or divide to a and b."""
    operation = params.get("operation")
    if operation not in OPERATIONS:
        raise ValueError("unknown operation %r; use one of %s" % (operation, ", ".join(sorted(OPERATIONS))))
    a, b = _number(params.get("a"), "a"), _number(params.get("b"), "b")
    if operation == "divide" and b == 0:
        raise ValueError("division by zero")
    return {"operation": operation, "a": a, "b": b, "result": OPERATIONS[operation](a, b)}


def echo(params):
    """Returns a plain string, which PAR passes through without JSON encoding."""
    return str(params.get("text", ""))


# Quick and never blocking: PAR's worker calls these on its event loop instead of its thread pool
# (docs/python-agents.md, "Where a handler runs"). process_data stays a plain synchronous handler, on the pool.
echo.__par_nonblocking__ = True
calculate.__par_nonblocking__ = True


async def slow(params):
    """Waits the given number of seconds (default 1), then answers "done"."""
    await asyncio.sleep(float(params.get("seconds", 1)))
    return "done"


def fail(params):
    """Always fails, to show how an agent's error reaches the caller."""
    raise RuntimeError("sample failure")


def create_service():
    return {
        "custom_handlers": {
            "process_data": process_data,
            "get_status": get_status,
            "calculate": calculate,
            "echo": echo,
            "slow": slow,
            "fail": fail,
        }
    }
