// Drives one official A2A client against a running PAR and prints what happened as one JSON object:
//   node run.mjs <v1|v03-client|v03-factory> <base URL ending in "/">
// {"client", "steps": {name: {ok, value} | {ok: false, error: {name, code, message}}}, "requests": [...]}
// Every request the client made is in "requests" (method, path, A2A-Version, accept, status, content type).
// The PAR tests (Par.Api.Tests/Surfaces/A2a) run this and assert on the steps.
import { randomUUID } from 'node:crypto';

const [client, base] = process.argv.slice(2);
if (!['v1', 'v03-client', 'v03-factory'].includes(client) || !base?.endsWith('/')) {
  console.error('usage: node run.mjs <v1|v03-client|v03-factory> <base URL ending in "/">');
  process.exit(64);
}

const requests = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  let method = undefined;
  try {
    method = init.body ? JSON.parse(init.body).method : undefined;
  } catch {
    // not JSON-RPC
  }
  const response = await realFetch(input, init);
  requests.push({
    http: init.method ?? 'GET', path: url.pathname, rpc: method ?? null, a2aVersion: headers.get('a2a-version'),
    accept: headers.get('accept'), status: response.status, contentType: response.headers.get('content-type'),
    vary: response.headers.get('vary'), etag: response.headers.get('etag'),
  });
  return response;
};

const steps = {};
process.on('unhandledRejection', (e) => { steps.unhandled = { ok: false, error: { name: e?.name, message: String(e?.message ?? e) } }; });
async function step(name, run) {
  try {
    steps[name] = { ok: true, value: await run() };
  } catch (e) {
    steps[name] = { ok: false, error: { name: e?.name, code: e?.envelopeCode ?? e?.code, message: String(e?.message ?? e) } };
  }
}

async function collect(stream, limit = 50) {
  const events = [];
  for await (const event of stream) {
    events.push(event);
    if (events.length >= limit) break;
  }
  return events;
}

const waitFor = async (check) => {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
};

if (client === 'v1') {
  const sdk = await import('a2a-v1');
  const { ClientFactory, DefaultAgentCardResolver } = await import('a2a-v1/client');
  const { Role, Task, StreamResponse, AgentCard, ListTasksResponse } = sdk;
  const json = (r) => ('status' in r ? { task: Task.toJSON(r) } : { message: sdk.Message.toJSON(r) });
  const message = (skill, part, params) => ({
    messageId: randomUUID(), role: Role.ROLE_USER, parts: [{ mediaType: part.$case === 'data' ? 'application/json' : 'text/plain', filename: '', metadata: undefined, content: part }],
    taskId: '', contextId: '', extensions: [], referenceTaskIds: [],
    metadata: skill === undefined ? {} : params === undefined ? { skill } : { skill, params },
  });
  const send = (m, configuration) => ({ tenant: '', message: m, configuration, metadata: {} });
  const factory = new ClientFactory();
  let a2a;
  await step('card', async () => AgentCard.toJSON(await new DefaultAgentCardResolver().resolve(base)));
  await step('connect', async () => { a2a = await factory.createFromUrl(base); return true; });
  let echoTask;
  await step('send-data', async () => { const r = json(await a2a.sendMessage(send(message('echo', { $case: 'data', value: { text: 'hi' } })))); echoTask = r.task; return r; });
  await step('send-params', async () => json(await a2a.sendMessage(send(message('calculate', { $case: 'text', value: 'multiply' }, { operation: 'multiply', a: 6, b: 7 })))));
  await step('send-text', async () => json(await a2a.sendMessage(send(message('echo', { $case: 'text', value: 'plain words' })))));
  await step('send-fail', async () => json(await a2a.sendMessage(send(message('fail', { $case: 'text', value: 'x' })))));
  await step('send-unknown-skill', async () => json(await a2a.sendMessage(send(message('nope', { $case: 'text', value: 'x' })))));
  await step('send-no-skill', async () => json(await a2a.sendMessage(send(message(undefined, { $case: 'text', value: 'x' })))));
  await step('stream', async () => (await collect(a2a.sendMessageStream(send(message('get_status', { $case: 'text', value: 'x' }))))).map((e) => StreamResponse.toJSON(e)));
  await step('get', async () => Task.toJSON(await a2a.getTask({ tenant: '', id: echoTask.id, historyLength: 1 })));
  await step('list', async () => {
    const status = sdk.TaskState.TASK_STATE_UNSPECIFIED;
    const first = await a2a.listTasks({ tenant: '', contextId: '', status, pageSize: 2, pageToken: '', includeArtifacts: true });
    const second = await a2a.listTasks({ tenant: '', contextId: '', status, pageSize: 2, pageToken: first.nextPageToken });
    const byContext = await a2a.listTasks({ tenant: '', contextId: echoTask.contextId, status, pageToken: '' });
    const failed = await a2a.listTasks({ tenant: '', contextId: '', status: sdk.TaskState.TASK_STATE_FAILED, pageToken: '' });
    return { first: ListTasksResponse.toJSON(first), second: ListTasksResponse.toJSON(second), byContext: ListTasksResponse.toJSON(byContext), failed: ListTasksResponse.toJSON(failed) };
  });
  await step('cancel-finished', async () => Task.toJSON(await a2a.cancelTask({ tenant: '', id: echoTask.id, metadata: {} })));
  await step('get-unknown', async () => Task.toJSON(await a2a.getTask({ tenant: '', id: 'no-such-task' })));
  await step('cancel-unknown', async () => Task.toJSON(await a2a.cancelTask({ tenant: '', id: 'no-such-task', metadata: {} })));
  await step('subscribe-finished', async () => (await collect(a2a.resubscribeTask({ tenant: '', id: echoTask.id }))).map((e) => StreamResponse.toJSON(e)));
  await step('push-config', async () => a2a.createTaskPushNotificationConfig({ tenant: '', taskId: echoTask.id, id: 'c', url: 'http://127.0.0.1:9/hook', token: '', authentication: undefined }));
  let running;
  await step('send-return-immediately', async () => { const r = json(await a2a.sendMessage(send(message('slow', { $case: 'text', value: 'x' }, { seconds: 60 }), { acceptedOutputModes: [], returnImmediately: true }))); running = r.task; return r; });
  await step('subscribe-and-cancel-running', async () => {
    const events = [];
    const subscription = (async () => {
      await null; for await (const e of a2a.resubscribeTask({ tenant: '', id: running.id })) events.push(StreamResponse.toJSON(e)); })();
    await waitFor(async () => events.length > 0 && (await a2a.getTask({ tenant: '', id: running.id })).status.state === sdk.TaskState.TASK_STATE_WORKING);
    const canceled = Task.toJSON(await a2a.cancelTask({ tenant: '', id: running.id, metadata: {} }));
    await subscription;
    return { canceled, events, after: Task.toJSON(await a2a.getTask({ tenant: '', id: running.id })) };
  });
} else if (client === 'v03-client') {
  const { A2AClient } = await import('a2a-v03/client');
  const message = (skill, part, params) => ({ kind: 'message', messageId: randomUUID(), role: 'user', parts: [part], metadata: params === undefined ? { skill } : { skill, params } });
  let a2a;
  await step('connect', async () => { a2a = await A2AClient.fromCardUrl(base + '.well-known/agent-card.json'); return true; });
  await step('card', async () => a2a.getAgentCard());
  let echoTask;
  await step('send-data', async () => { const r = await a2a.sendMessage({ message: message('echo', { kind: 'data', data: { text: 'hi' } }) }); echoTask = r.result; return r; });
  await step('send-params', async () => a2a.sendMessage({ message: message('calculate', { kind: 'text', text: 'x' }, { operation: 'add', a: 2, b: 3 }) }));
  await step('send-fail', async () => a2a.sendMessage({ message: message('fail', { kind: 'text', text: 'x' }) }));
  await step('send-unknown-skill', async () => a2a.sendMessage({ message: message('nope', { kind: 'text', text: 'x' }) }));
  await step('stream', async () => collect(a2a.sendMessageStream({ message: message('echo', { kind: 'text', text: 'streamed' }) })));
  await step('get', async () => a2a.getTask({ id: echoTask.id, historyLength: 1 }));
  await step('cancel-finished', async () => a2a.cancelTask({ id: echoTask.id }));
  await step('get-unknown', async () => a2a.getTask({ id: 'no-such-task' }));
  let running;
  await step('send-non-blocking', async () => { const r = await a2a.sendMessage({ message: message('slow', { kind: 'text', text: 'x' }, { seconds: 60 }), configuration: { blocking: false } }); running = r.result; return r; });
  await step('resubscribe-and-cancel-running', async () => {
    const events = [];
    const subscription = (async () => {
      await null; for await (const e of a2a.resubscribeTask({ id: running.id })) events.push(e); })();
    await waitFor(async () => events.length > 0 && (await a2a.getTask({ id: running.id })).result?.status?.state === 'working');
    const canceled = await a2a.cancelTask({ id: running.id });
    await subscription;
    return { canceled, events };
  });
} else {
  const { ClientFactory } = await import('a2a-v03/client');
  const message = (skill, part, params) => ({ kind: 'message', messageId: randomUUID(), role: 'user', parts: [part], metadata: params === undefined ? { skill } : { skill, params } });
  let a2a;
  await step('connect', async () => { a2a = await new ClientFactory().createFromUrl(base); return true; });
  let echoTask;
  await step('send-data', async () => { echoTask = await a2a.sendMessage({ message: message('echo', { kind: 'data', data: { text: 'hi' } }) }); return echoTask; });
  await step('send-fail', async () => a2a.sendMessage({ message: message('fail', { kind: 'text', text: 'x' }) }));
  await step('stream', async () => collect(a2a.sendMessageStream({ message: message('echo', { kind: 'text', text: 'streamed' }) })));
  await step('get', async () => a2a.getTask({ id: echoTask.id }));
  await step('cancel-finished', async () => a2a.cancelTask({ id: echoTask.id }));
  await step('get-unknown', async () => a2a.getTask({ id: 'no-such-task' }));
  let running;
  await step('send-non-blocking', async () => { running = await a2a.sendMessage({ message: message('slow', { kind: 'text', text: 'x' }, { seconds: 60 }), configuration: { blocking: false } }); return running; });
  await step('resubscribe-and-cancel-running', async () => {
    const events = [];
    const subscription = (async () => {
      await null; for await (const e of a2a.resubscribeTask({ id: running.id })) events.push(e); })();
    await waitFor(async () => events.length > 0 && (await a2a.getTask({ id: running.id })).status.state === 'working');
    const canceled = await a2a.cancelTask({ id: running.id });
    await subscription;
    return { canceled, events };
  });
}

process.stdout.write(JSON.stringify({ client, steps, requests }, null, 1) + '\n');
