using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>The pixell agent projects the tests build: the `pixell init` scaffold and pixell-sdk style agents.</summary>
internal static class PixellAgents
{
    /// <summary>
    /// What `pixell init NAME` writes (pixell-kit's cli/main.py @ decb9f3), every surface by default. Only the
    /// dependencies are relaxed: the scaffold's floors (fastapi>=0.112, watchdog) are above Debian 12's python3-fastapi,
    /// which the tests use through VENV_SYSTEM_SITE_PACKAGES since PyPI is not reachable; requirements.txt keeps them
    /// as comments, so the package goes the fast path (the builder's setup.py declares nothing either).
    /// </summary>
    public static PixellProject Scaffold(string name, bool a2a = true)
    {
        var manifest = $"""
            version: '1.0'
            name: {name}
            display_name: {name}
            description: A Pixell agent
            author: Your Name
            license: MIT
            entrypoint: src.main:handler
            runtime: python3.11
            environment: {"{}"}
            dependencies:
            - fastapi
            - uvicorn
            metadata:
              version: 0.1.0

            """ + (a2a ? "a2a:\n  service: src.a2a.server:serve\n" : "") + """
            rest:
              entry: src.rest.index:mount
            ui:
              path: ui

            """;
        var files = new Dictionary<string, string>
        {
            ["agent.yaml"] = manifest,
            ["src/main.py"] = "def handler(context):\n    \"\"\"Example entrypoint.\"\"\"\n    return {\"message\": \"Hello from handler\", \"received\": context}\n",
            ["src/rest/index.py"] = """
                from fastapi import FastAPI


                def mount(app: FastAPI) -> None:
                    @app.get("/api/hello")
                    async def hello():
                        return {"message": "Hello from REST"}

                """,
            ["ui/index.html"] = "<!doctype html>\n<html><head><title>Pixell Agent UI</title></head>\n<body><h1>Pixell Agent UI</h1></body></html>\n",
            // Relaxed to comments: Debian's python3-fastapi ships pins its own python3-starlette does not meet, so pip
            // refuses the set; the packages come from the system through VENV_SYSTEM_SITE_PACKAGES instead.
            ["requirements.txt"] = "# fastapi\n# uvicorn\n",
            [".env.example"] = "# Environment Variables Template\n",
            [".env"] = "# copied from .env.example: the builders refuse a project without .env\n",
            ["README.md"] = $"# {name}\n",
        };
        if (a2a)
        {
            files["src/a2a/server.py"] = """
                def serve() -> None:
                    # TODO: Implement gRPC server per A2A protocol
                    print("A2A server stub - implement gRPC service here")

                """;
        }

        return new PixellProject { Name = name, Files = files, A2aEntry = a2a ? "src.a2a.server:serve" : null, RestEntry = "src.rest.index:mount", UiPath = "ui" };
    }

    /// <summary>
    /// A pixell-sdk agent served by an AgentServer: <c>a2a.http_server</c> (and the entrypoint, as the SDK's
    /// plan_mode example writes) name an object whose ASGI app is <c>.app</c>. The class stands in for
    /// pixell.sdk.AgentServer (no pixell import): POST / answers JSON-RPC, GET /.well-known/agent.json the card.
    /// </summary>
    public static PixellProject SdkAgentServer(string name) => new()
    {
        Name = name,
        A2aEntry = "main:server",
        Files = new Dictionary<string, string>
        {
            ["agent.yaml"] = $"""
                version: '1.0'
                name: {name}
                display_name: SDK Echo
                description: Echoes messages over JSON-RPC
                author: Pixell Team
                license: MIT
                entrypoint: main:server
                runtime: python3.11
                capabilities:
                - echo
                - streaming
                metadata:
                  version: 1.2.3
                  tags:
                  - demo
                  sub_agents:
                  - name: echo
                    description: the echo skill
                    public: true
                a2a:
                  entry: main:server
                  http_server: main:server

                """,
            [".env"] = "\n",
            ["main.py"] = $$$"""
                import json


                {{{FixtureAgents.LifespanHandshake}}}


                class AgentServer:
                    # Stands in for pixell.sdk.AgentServer: not callable itself; its ASGI app is the .app property.
                    def __init__(self, agent_id, name):
                        self.agent_id, self.name, self._app = agent_id, name, None

                    @property
                    def app(self):
                        if self._app is None:
                            self._app = self._create_app()
                        return self._app

                    def _create_app(self):
                        card = {"name": self.name, "agent_id": self.agent_id}

                        async def app(scope, receive, send):
                            if scope["type"] == "lifespan":
                                await complete_lifespan(receive, send)
                                return
                            body = b""
                            while True:
                                message = await receive()
                                body += message.get("body", b"")
                                if not message.get("more_body"):
                                    break
                            status, out = 200, None
                            if scope["method"] == "GET" and scope["path"] == "/.well-known/agent.json":
                                out = card
                            elif scope["method"] == "POST" and scope["path"] == "/":
                                request = json.loads(body)
                                text = request["params"]["message"]["parts"][0]["text"]
                                out = {"jsonrpc": "2.0", "id": request["id"], "result": {"echo": text}}
                            else:
                                status, out = 404, {"detail": "Not Found"}
                            data = json.dumps(out).encode()
                            await send({"type": "http.response.start", "status": status,
                                        "headers": [(b"content-type", b"application/json")]})
                            await send({"type": "http.response.body", "body": data})

                        return app


                server = AgentServer("sdk-echo", "SDK Echo")

                """,
        },
    };

    /// <summary>
    /// A pixell-sdk agent whose handlers return pixell's envelopes, declared with <c>a2a.http_server</c> (the factory
    /// form). <c>slow</c> writes <paramref name="startedMarker"/> when it starts, then sleeps <c>seconds</c>.
    /// </summary>
    public static PixellProject Envelopes(string name, string startedMarker) => new()
    {
        Name = name,
        A2aEntry = "src.agent:create",
        Files = new Dictionary<string, string>
        {
            ["agent.yaml"] = $"""
                version: '1.0'
                name: {name}
                description: Envelope-returning handlers
                metadata:
                  version: 0.3.0
                a2a:
                  entry: src.agent:create
                  http_server: src.agent:create

                """,
            [".env"] = "\n",
            ["src/agent.py"] = $$$"""
                import asyncio, json


                async def echo(params):
                    if "message" not in params:
                        return {"success": False, "error": "Missing required parameter: message"}
                    return {"success": True, "result": {"echo": params["message"]}, "metadata": {"model": "echo-1", "tokens": 3}}


                def plain(params):
                    return {"success": True, "count": 3}


                async def slow(params):
                    with open({{{Python(startedMarker)}}}, "w") as f:
                        f.write("started")
                    await asyncio.sleep(float(params.get("seconds", "2")))
                    return {"success": True, "result": "done"}


                def create():
                    return {"custom_handlers": {"echo": echo, "plain": plain, "slow": slow}}

                """,
        },
    };

    /// <summary>
    /// A pixell-sdk task consumer: only an <c>entrypoint</c>. <paramref name="body"/> is the body of
    /// <c>async def main()</c> (indented by four spaces), with <c>MARKER</c> bound to <paramref name="marker"/>.
    /// </summary>
    public static PixellProject TaskConsumer(string name, string marker, string body, string entrypoint = "src.consumer:main") => new()
    {
        Name = name,
        Files = new Dictionary<string, string>
        {
            ["agent.yaml"] = $"version: '1.0'\nname: {name}\nentrypoint: {entrypoint}\nmetadata:\n  version: 0.1.0\n",
            [".env"] = "\n",
            ["src/consumer.py"] = $"import asyncio, os\n\nMARKER = {Python(marker)}\n\n\nasync def handle_task(ctx, payload):\n    return payload\n\n\nasync def main():\n{body}\n",
        },
    };

    private static string Python(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
