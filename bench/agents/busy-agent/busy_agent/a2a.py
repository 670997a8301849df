"""busy: a fixed amount of pure-Python work per call (n loop steps, default 20000), holding the GIL throughout, as an
agent's own code does. One worker runs one such call at a time, however many threads its pool has."""


def busy(params):
    """Sums n squares and returns the sum."""
    n = int(params.get("n", 20000))
    total = 0
    for i in range(n):
        total += i * i
    return str(total)


def init():
    """Nothing to set up."""
    return None


def create_service():
    return {"custom_handlers": {"busy": busy}}
