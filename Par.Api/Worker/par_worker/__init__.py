"""PAR agent worker: loads one agent package and serves it over HTTP/1.1 on a Unix socket.

Standard library only; runs in the agent's venv interpreter (Python 3.9+). PAR ships it as one zipapp,
Worker/par_worker.pyz, whose only top-level names are __main__ and this package, so no module of the agent
(a server.py, a loader.py) can shadow one of ours.
Usage: python par_worker.pyz --spec SPEC.json --socket PATH --status-file PATH
With --spec -, the worker starts ahead of its spec: it imports what it needs, then reads the spec's path
from the first line of stdin (an empty stdin means it is not needed, and it exits 0).
Control routes: GET /_par/status, POST /_par/invoke/{action}; every other request goes to
the agent's ASGI app. Load failures are written to the status file and exit with code 3.

The parts, after uvicorn's split:
  loader    imports the agent: exports, the a2a factory, ASGI apps (pixell-sdk's AgentServer), the REST entry
  lifespan  the ASGI lifespan protocol around the app
  http11    HTTP/1.1 on one connection: request heads, body framing (length, chunked), simple responses
  asgi      one ASGI request/response cycle over a parsed request
  control   the /_par/ routes: status, and invoking an action (handlers, servicers, pixell envelopes)
  task      an entrypoint-only agent's long-running task
  server    the Unix socket, the connection loop, shutdown, and main() (including the standby mode)
"""
