"""What every part of the worker shares: its log line, how an exception is described, and its two errors."""
import sys


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
    """The agent cannot be loaded; when it wraps the agent's own exception, that is its __cause__."""


class HttpError(Exception):
    """A request PAR's worker will not serve; the connection ends with this status and message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
