// Drives a PAR agent's MCP endpoint with the official client (@modelcontextprotocol/sdk, Streamable HTTP) and prints
// one JSON object: what the server said at initialize, its tools, each call's result or error, and every HTTP
// exchange (method, status, MCP method). Usage: node mcp-client.mjs URL '[{"name": "echo", "arguments": {...}}, ...]'
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, callsJson = "[]"] = process.argv.slice(2);
if (!url) {
  console.error("usage: node mcp-client.mjs URL [CALLS_JSON]");
  process.exit(64);
}

const http = [];
async function recordingFetch(input, init) {
  let rpc;
  try {
    rpc = init?.body ? JSON.parse(init.body).method : undefined;
  } catch {
    rpc = undefined;
  }
  const response = await fetch(input, init);
  http.push({ method: init?.method ?? "GET", status: response.status, rpc, contentType: response.headers.get("content-type") });
  return response;
}

const client = new Client({ name: "par-mcp-test", version: "1.0.0" });
const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: recordingFetch });
const transcript = { http };
try {
  await client.connect(transport);
  transcript.protocolVersion = transport.protocolVersion ?? null;
  transcript.sessionId = transport.sessionId ?? null;
  transcript.serverInfo = client.getServerVersion();
  transcript.capabilities = client.getServerCapabilities();
  transcript.instructions = client.getInstructions() ?? null;
  transcript.tools = (await client.listTools()).tools;
  transcript.calls = [];
  for (const call of JSON.parse(callsJson)) {
    try {
      transcript.calls.push({ name: call.name, result: await client.callTool(call) });
    } catch (e) {
      transcript.calls.push({ name: call.name, error: { code: e.code ?? null, message: e.message } });
    }
  }
  await client.close();
} catch (e) {
  transcript.failure = { code: e.code ?? null, message: e.message };
  console.log(JSON.stringify(transcript));
  process.exit(1);
}

console.log(JSON.stringify(transcript));
