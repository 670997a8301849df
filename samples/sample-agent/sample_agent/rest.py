"""The sample agent's REST surface: a plain ASGI 3 application, no framework.

PAR serves it under BASE_PATH: the app sees paths without BASE and BASE as scope["root_path"].
"""
import asyncio
import json
from urllib.parse import parse_qs

OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "sample-agent", "version": "1.0.0"},
    "paths": {
        "/hello": {"get": {"summary": "Greeting", "responses": {"200": {"description": "JSON greeting"}}}},
        "/echo": {"post": {
            "summary": "Echo a JSON body",
            "requestBody": {"content": {"application/json": {"schema": {}}}},
            "responses": {"200": {"description": "The same JSON"}, "400": {"description": "Invalid JSON"}}}},
        "/error": {"get": {"summary": "Always 418", "responses": {"418": {"description": "teapot"}}}},
        "/items/{id}": {"get": {
            "summary": "One item",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "The item"}, "404": {"description": "Not a number"}}}},
        "/stream": {"get": {
            "summary": "Streamed text in chunks",
            "parameters": [
                {"name": "count", "in": "query", "schema": {"type": "integer", "default": 3}},
                {"name": "delay_ms", "in": "query", "schema": {"type": "integer", "default": 100}}],
            "responses": {"200": {"description": "text/plain, one line per chunk"}}}},
        "/request": {"get": {
            "summary": "What the agent received: scheme, server, client, path, raw_path and headers",
            "responses": {"200": {"description": "The request as the agent saw it"}}}},
        "/slow": {"get": {
            "summary": "Answers after a delay",
            "parameters": [{"name": "seconds", "in": "query", "schema": {"type": "number", "default": 1}}],
            "responses": {"200": {"description": "done"}}}},
    },
}


async def send_body(send, status, body, content_type):
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def send_json(send, status, obj):
    await send_body(send, status, json.dumps(obj).encode(), b"application/json")


async def read_body(receive):
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def query_number(scope, name, default, kind=int):
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(name)
    try:
        return kind(values[0]) if values else default
    except ValueError:
        return default


async def stream(scope, send):
    count = max(0, min(query_number(scope, "count", 3), 1000))
    delay = max(0, query_number(scope, "delay_ms", 100)) / 1000.0
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    for i in range(count):
        if i:
            await asyncio.sleep(delay)
        await send({"type": "http.response.body", "body": ("chunk %d\n" % i).encode(), "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def request_info(scope):
    """What the agent received, for checking what a proxy and PAR hand on."""
    return {"method": scope["method"], "scheme": scope.get("scheme"), "server": scope.get("server"),
            "client": scope.get("client"), "path": scope["path"], "raw_path": scope.get("raw_path", b"").decode("latin-1"),
            "root_path": scope.get("root_path", ""), "query_string": scope.get("query_string", b"").decode("latin-1"),
            "headers": [[n.decode("latin-1"), v.decode("latin-1")] for n, v in scope.get("headers", [])]}


async def lifespan(receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        return await lifespan(receive, send)
    if scope["type"] != "http":
        return
    method, path = scope["method"], scope["path"]
    if method == "GET" and path == "/hello":
        await send_json(send, 200, {"message": "hello", "root_path": scope.get("root_path", "")})
    elif method == "POST" and path == "/echo":
        try:
            payload = json.loads((await read_body(receive)).decode("utf-8"))
        except ValueError as exc:
            return await send_json(send, 400, {"error": "invalid JSON: %s" % exc})
        await send_json(send, 200, payload)
    elif method == "GET" and path == "/error":
        await send_json(send, 418, {"error": "teapot"})
    elif method == "GET" and path.startswith("/items/"):
        item = path[len("/items/"):]
        if item.isascii() and item.isdigit():
            await send_json(send, 200, {"id": int(item)})
        else:
            await send_json(send, 404, {"error": "item not found", "id": item})
    elif method == "GET" and path == "/stream":
        await stream(scope, send)
    elif method == "GET" and path == "/slow":
        await asyncio.sleep(max(0.0, query_number(scope, "seconds", 1.0, float)))
        await send_body(send, 200, b"done", b"text/plain; charset=utf-8")
    elif path.startswith("/request"):
        await send_json(send, 200, request_info(scope))
    elif method == "GET" and path == "/openapi.json":
        await send_json(send, 200, OPENAPI)
    else:
        await send_json(send, 404, {"detail": "Not Found"})
