"""asyncio without ssl until a TLS connection needs it.

asyncio's base_events, selector_events and sslproto import ssl at their top, which maps libssl and libcrypto and
builds ssl.py's enums: 4.3 MiB of the 18.4 a process holds after `import asyncio` on Debian's Python 3.11, for a
worker that only speaks over a Unix socket unless its agent calls out over TLS. import_asyncio() imports asyncio
with a stand-in module bound as `ssl` in those modules. The first attribute read through the stand-in (a TLS
transport, an SSLSocket check, ssl=True) imports the real ssl and binds it where the stand-in was, so asyncio then
runs on the real module; an agent that imports ssl itself gets the real one at once.

sslproto (3.11+) reads two exception classes at import to build SSLAgainErrors; the stand-in answers those two
with placeholders, which the real classes replace before any TLS transport reads them (SSLProtocol's constructor
reads ssl.MemoryBIO first). Any other attribute read while asyncio imports brings the real ssl in at once: on a
Python laid out otherwise, asyncio is imported as it always was.
"""
import sys
import threading
import types

# The classes sslproto reads at import (SSLAgainErrors); any other name resolves the real module.
_DEFERRABLE = ("SSLWantReadError", "SSLSyscallError")


class _Deferred(types.ModuleType):
    """Stands in for ssl in the modules that imported it while asyncio did."""

    def __init__(self):
        super().__init__("ssl", "The standard ssl module, imported when first used (par_worker.deferred_ssl).")
        self._importing, self._real = True, None
        self._placeholders = {name: type(name, (Exception,), {}) for name in _DEFERRABLE}

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if self._real is None and self._importing and name in _DEFERRABLE:
            return self._placeholders[name]
        return getattr(self._real or _resolve(self), name)


_lock = threading.RLock()


def import_asyncio():
    """Imports asyncio with ssl deferred, unless asyncio or ssl is already imported (then nothing is deferred)."""
    if "asyncio" in sys.modules or "ssl" in sys.modules:
        import asyncio
        return
    stand_in = _Deferred()
    sys.modules["ssl"] = stand_in
    try:
        import asyncio
    finally:
        if sys.modules.get("ssl") is stand_in:
            del sys.modules["ssl"]
        stand_in._importing = False


def _resolve(stand_in):
    """Imports the real ssl and binds it, and its classes for the placeholders, where the stand-in was bound."""
    with _lock:
        if stand_in._real is not None:
            return stand_in._real
        if sys.modules.get("ssl") is stand_in:
            del sys.modules["ssl"]
        import ssl
        real = [(cls, getattr(ssl, name)) for name, cls in stand_in._placeholders.items()]
        for module in list(sys.modules.values()):
            scope = getattr(module, "__dict__", None)
            if not isinstance(scope, dict) or scope.get("ssl") is not stand_in:
                continue
            scope["ssl"] = ssl
            for key, value in list(scope.items()):
                if isinstance(value, tuple) and any(v is cls for v in value for cls, _ in real):
                    scope[key] = tuple(next((r for cls, r in real if v is cls), v) for v in value)
        stand_in._real = ssl
        return ssl
