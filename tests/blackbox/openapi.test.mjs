// Black-box: docs/openapi.json against the built alarmd binary and a real redis-server. Every
// documented route is driven (its error cases too); each answer's status must be documented for
// the route and its JSON body must validate against the documented schema. The other way round,
// every route the server answers (listed below) must be in the document, and every documented
// operation must have been exercised. Run by scripts/test with ALARMD_BINARY set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { freePort, sha, sleep, until } from './support.mjs';

const require = createRequire(new URL('../peers/package.json', import.meta.url));
const WebSocket = require('ws');

const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
const binary = process.env.ALARMD_BINARY;

// What the server answers: every route of daemon/http/api.cpp, by method.
const SERVED = [
  'GET /healthz', 'GET /readyz', 'GET /metrics', 'POST /v1/events', 'GET /v1/zones', 'GET /v1/buildings', 'GET /v1/incidents',
  'GET /v1/incidents/{id}', 'GET /v1/incidents/{id}/zones', 'GET /v1/incidents/{id}/events',
  'GET /v1/incidents/{id}/report', 'POST /v1/incidents/{id}/ack', 'POST /v1/incidents/{id}/arrive',
  'POST /v1/incidents/{id}/resolve', 'POST /v1/incidents/{id}/review', 'POST /v1/incidents/{id}/hold', 'GET /ws',
];

// --- A checker for the subset of JSON Schema the document uses ---------------------------------
function resolve(schema) {
  while (schema && schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    schema = doc.components.schemas[name];
    assert.ok(schema, `unknown $ref ${name}`);
  }
  return schema;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

// Returns a list of problems ("path: what"), empty when `value` fits `schema`.
function validate(value, schema, path = '$') {
  schema = resolve(schema);
  if (!schema) return [];
  if (value === null) {
    if (schema.nullable || schema.type === undefined && !schema.oneOf) return [];
    return [`${path}: null where ${schema.type ?? 'a value'} is required`];
  }
  if (schema.oneOf) {
    const fits = schema.oneOf.filter((s) => validate(value, s, path).length === 0).length;
    return fits === 1 ? [] : [`${path}: matches ${fits} of the oneOf schemas, not exactly one`];
  }
  const problems = [];
  if (schema.type) {
    const t = typeOf(value);
    const ok = t === schema.type || (schema.type === 'number' && t === 'integer');
    if (!ok) return [`${path}: ${t} where ${schema.type} is required`];
  }
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.pattern && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    problems.push(`${path}: ${JSON.stringify(value)} is not a date-time`);
  }
  if (typeOf(value) === 'object') {
    for (const key of schema.required ?? []) {
      if (!(key in value)) problems.push(`${path}: required ${key} is missing`);
    }
    for (const [key, v] of Object.entries(value)) {
      const sub = schema.properties?.[key] ??
        (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (sub) problems.push(...validate(v, sub, `${path}.${key}`));
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) => problems.push(...validate(v, schema.items, `${path}[${i}]`)));
  }
  return problems;
}

// The document's operation for a concrete path, e.g. /v1/incidents/inc-1/ack -> the template.
// A method the path does not have is answered 405, which its documented operation lists.
function operationFor(method, pathname) {
  let other = null;
  for (const [template, item] of Object.entries(doc.paths)) {
    const re = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
    if (!re.test(pathname)) continue;
    if (item[method.toLowerCase()]) return { template, op: item[method.toLowerCase()], method };
    const [m, op] = Object.entries(item)[0];
    other ??= { template, op, method: m.toUpperCase(), wrongMethod: true };
  }
  return other;
}

const exercised = new Set();

// Sends a request and checks its answer against the document; returns {status, body, text}.
async function call(method, target, { token, body, raw, headers = {} } = {}) {
  const url = new URL(target, `http://127.0.0.1:${httpPort}`);
  const found = operationFor(method, url.pathname);
  assert.ok(found, `${method} ${url.pathname} is not documented`);
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  const where = `${method} ${target} -> ${res.status} ${text.slice(0, 300)}`;
  const answer = found.op.responses[String(res.status)];
  assert.ok(answer, `${where}: status ${res.status} is not documented for ${found.method} ${found.template}`);
  if (found.wrongMethod) assert.equal(res.status, 405, where);
  else exercised.add(`${method} ${found.template}`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
  const media = answer.content?.[type];
  assert.ok(!answer.content || media, `${where}: content type ${type} is not documented`);
  let parsed;
  if (type === 'application/json') {
    parsed = JSON.parse(text);
    const problems = validate(parsed, media.schema);
    assert.deepEqual(problems, [], `${where}: the body does not fit the document`);
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

let dir, redis, redisPort, httpPort, daemon;

before(async () => {
  assert.ok(binary, 'ALARMD_BINARY must point at the built alarmd');
  dir = mkdtempSync(join(tmpdir(), 'alarmd-oa-'));
  redisPort = await freePort();
  httpPort = await freePort();
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const configPath = join(dir, 'alarmd.yaml');
  writeFileSync(configPath, `
server: { http_listen: "127.0.0.1:${httpPort}", max_body_bytes: 4096 }
redis: { url: "redis://127.0.0.1:${redisPort}/0", key_prefix: "oa:" }
ingest:
  http_sources:
    - { name: intercom-gw, token_sha256: "${sha('oa-gw')}", devices: [door-b1-301] }
    - { name: panels, token_sha256: "${sha('oa-panels')}", devices: [panel-b3] }
site:
  buildings: [ { id: B1, name: "1号楼", floors: 18 }, { id: B3, name: "3号楼", floors: 18 } ]
devices:
  - { id: panel-b3, protocol: sia, account: "1234", building: B3,
      zones: { "003": { floor: 3, label: "3F 电梯厅烟感" } } }
  - { id: door-b1-301, protocol: http, building: B1, unit: "301", label: "1号楼301门口机", supervision: 5m }
people:
  - { id: g01, name: "张三", role: guard, phone: "+8613800000001", token_sha256: "${sha('oa-g01')}" }
  - { id: l01, name: "王五", role: team_lead, phone: "+8613800000003", token_sha256: "${sha('oa-l01')}" }
`);
  await until('redis', () => spawnSync('redis-cli', ['-p', String(redisPort), 'ping']).stdout.toString().includes('PONG'));
  daemon = spawn(binary, ['--config', configPath], { stdio: ['ignore', 'ignore', 'ignore'] });
  await until('healthz', async () => (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).ok);
});

after(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill('SIGKILL');
  if (redis) redis.kill('SIGTERM');
  await sleep(100);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the document is OpenAPI 3.0.3 and names every route the server answers', () => {
  assert.equal(doc.openapi, '3.0.3');
  for (const route of SERVED) {
    const [method, path] = route.split(' ');
    assert.ok(doc.paths[path]?.[method.toLowerCase()], `${route} is served but not documented`);
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item).filter((k) => k !== 'parameters')) {
      assert.ok(SERVED.includes(`${method.toUpperCase()} ${path}`), `${method.toUpperCase()} ${path} is documented but not served`);
    }
  }
  // Every $ref resolves.
  for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
    assert.ok(doc.components.schemas[name], `dangling reference to ${name}`);
  }
});

test('every route answers as the document says, errors included', async () => {
  // Health.
  await call('GET', '/healthz');
  await call('POST', '/healthz').then((r) => assert.equal(r.status, 405));
  assert.equal((await call('GET', '/readyz')).status, 200);
  await call('DELETE', '/readyz').then((r) => assert.equal(r.status, 405));
  assert.match((await call('GET', '/metrics')).text, /alarmd_/);
  await call('POST', '/metrics').then((r) => assert.equal(r.status, 405));

  // Events: the generic body, the intercom body, a heartbeat, and the refusals.
  const fire = await call('POST', '/v1/events', { token: 'oa-panels', body: { device: 'panel-b3', zone: '003', category: 'fire', code: 'E110' } });
  assert.equal(fire.status, 202);
  assert.equal(fire.body.verdict, 'opened');
  const fireId = fire.body.incident_id;
  const sos = await call('POST', '/v1/events', { token: 'oa-gw', body: { source: 'intercom', device: 'door-b1-301', event: 'emergency_button' } });
  assert.equal(sos.status, 202);
  const sosId = sos.body.incident_id;
  const hb = await call('POST', '/v1/events', { token: 'oa-gw', body: { source: 'intercom', device: 'door-b1-301', event: 'heartbeat' } });
  assert.deepEqual([hb.status, hb.body.verdict, hb.body.supervised], [202, 'heartbeat', true]);
  const armed = await call('POST', '/v1/events', { token: 'oa-l01', body: { device: 'panel-b3', zone: '007', category: 'intrusion', kind: 'bypass', text: 'repair' } });
  assert.deepEqual([armed.status, armed.body.verdict, armed.body.incident_id], [202, 'zone_changed', null]);
  for (const [body, field, token = 'oa-panels'] of [
    [{ device: 'panel-b3', category: 'smoke' }, 'category'],
    [{ device: 'panel-b3' }, 'category'],
    [{ device: 'panel-b3', category: 'fire', zone: 'a b' }, 'zone'],
    [{ device: 'nope', category: 'fire' }, 'device'],
    [{ source: 'intercom', device: 'door-b1-301', event: 'explode' }, 'event', 'oa-gw'],
    [{ source: 'intercom', device: 'door-b1-301', event: 'door_forced', zone: 'x' }, 'zone', 'oa-gw'],
    [[1, 2], 'body'],
  ]) {
    const r = await call('POST', '/v1/events', { token, body });
    assert.deepEqual([r.status, r.body.field], [400, field], JSON.stringify(body));
  }
  assert.equal((await call('POST', '/v1/events', { token: 'oa-panels', raw: '{"device":' })).body.field, 'body');
  assert.equal((await call('POST', '/v1/events', { body: { device: 'panel-b3', category: 'fire' } })).status, 401);
  assert.equal((await call('POST', '/v1/events', { token: 'wrong', body: { device: 'panel-b3', category: 'fire' } })).status, 401);
  assert.equal((await call('POST', '/v1/events', { token: 'oa-gw', body: { device: 'panel-b3', category: 'fire' } })).status, 403);
  assert.equal((await call('POST', '/v1/events', { token: 'oa-panels', body: { device: 'panel-b3', zone: '003', category: 'fire', kind: 'bypass' } })).status, 403);
  assert.equal((await call('POST', '/v1/events', { token: 'oa-g01', body: { source: 'intercom', device: 'door-b1-301', event: 'heartbeat' } })).status, 403);
  const big = await call('POST', '/v1/events', { token: 'oa-panels', raw: JSON.stringify({ device: 'panel-b3', category: 'fire', text: 'x'.repeat(5000) }) });
  assert.deepEqual([big.status, big.body.field], [413, 'body']);
  assert.equal((await call('GET', '/v1/events', { token: 'oa-g01' })).status, 405);

  // Zones.
  const zones = await call('GET', '/v1/zones', { token: 'oa-g01' });
  assert.ok(zones.body.zones.some((z) => z.key === 'panel-b3/007' && z.mode === 'bypassed' && z.expires_at));
  assert.equal((await call('GET', '/v1/zones?mode=bypassed&limit=1', { token: 'oa-panels' })).body.next_after, 'panel-b3/007');
  assert.equal((await call('GET', '/v1/zones?mode=broken', { token: 'oa-g01' })).body.field, 'mode');
  assert.equal((await call('GET', '/v1/zones')).status, 401);
  assert.equal((await call('POST', '/v1/zones', { token: 'oa-g01' })).status, 405);

  // Buildings: names as configured, floors null where none is given.
  const buildings = await call('GET', '/v1/buildings', { token: 'oa-g01' });
  assert.deepEqual(buildings.body.buildings, [{ id: 'B1', name: '1号楼', floors: 18 }, { id: 'B3', name: '3号楼', floors: 18 }]);
  assert.equal((await call('GET', '/v1/buildings')).status, 401);
  assert.equal((await call('POST', '/v1/buildings', { token: 'oa-g01' })).status, 405);

  // Incidents: lists, one, its zones, events and report.
  const page = await call('GET', '/v1/incidents?state=open&limit=1', { token: 'oa-g01' });
  assert.equal(page.body.incidents.length, 1);
  assert.equal(typeof page.body.next_cursor, 'string');
  const rest = await call('GET', `/v1/incidents?state=open&limit=1&cursor=${encodeURIComponent(page.body.next_cursor)}`, { token: 'oa-g01' });
  assert.equal(rest.body.incidents.length, 1);
  await call('GET', '/v1/incidents', { token: 'oa-g01' });
  await call('GET', '/v1/incidents?state=all&limit=5', { token: 'oa-g01' });
  assert.equal((await call('GET', '/v1/incidents?state=open&cursor=garbage', { token: 'oa-g01' })).body.field, 'cursor');
  assert.equal((await call('GET', '/v1/incidents?state=closed', { token: 'oa-g01' })).body.field, 'state');
  assert.equal((await call('GET', '/v1/incidents')).status, 401);
  assert.equal((await call('PUT', '/v1/incidents', { token: 'oa-g01' })).status, 405);
  const one = await call('GET', `/v1/incidents/${fireId}`, { token: 'oa-g01' });
  assert.equal(one.body.incident.zones.length, 1);
  assert.equal((await call('GET', '/v1/incidents/inc-none', { token: 'oa-g01' })).status, 404);
  assert.equal((await call('DELETE', `/v1/incidents/${fireId}`, { token: 'oa-g01' })).status, 405);
  assert.equal((await call('GET', `/v1/incidents/${fireId}/zones`, { token: 'oa-g01' })).body.zones.length, 1);
  assert.equal((await call('GET', '/v1/incidents/inc-none/zones', { token: 'oa-g01' })).status, 404);
  assert.equal((await call('GET', `/v1/incidents/${fireId}/events?limit=10`, { token: 'oa-g01' })).body.events.length, 1);
  assert.equal((await call('GET', `/v1/incidents/${fireId}/events`)).status, 401);
  await call('GET', `/v1/incidents/${fireId}/report`, { token: 'oa-g01' });
  const text = await call('GET', `/v1/incidents/${fireId}/report?format=text`, { token: 'oa-g01' });
  assert.equal(text.headers.get('content-type').split(';')[0], 'text/plain');
  assert.equal((await call('GET', `/v1/incidents/${fireId}/report?from=x`, { token: 'oa-g01' })).body.field, 'from');
  assert.equal((await call('GET', '/v1/incidents/inc-none/report', { token: 'oa-g01' })).status, 404);

  // Lifecycle steps.
  const acked = await call('POST', `/v1/incidents/${fireId}/ack`, { token: 'oa-g01' });
  assert.equal(acked.body.incident.state, 'acknowledged');
  assert.equal((await call('POST', `/v1/incidents/${fireId}/arrive`, { token: 'oa-g01', body: {} })).body.incident.state, 'on_site');
  assert.equal((await call('POST', `/v1/incidents/${fireId}/resolve`, { token: 'oa-g01', body: {} })).body.field, 'outcome');
  assert.equal((await call('POST', `/v1/incidents/${fireId}/resolve`, { token: 'oa-g01', body: { outcome: 'real', note: 7 } })).body.field, 'note');
  assert.equal((await call('POST', `/v1/incidents/${fireId}/resolve`, { token: 'oa-g01', body: { outcome: 'test', note: 'drill' } })).status, 200);
  assert.equal((await call('POST', `/v1/incidents/${fireId}/review`, { token: 'oa-g01' })).status, 403);
  assert.equal((await call('POST', `/v1/incidents/${fireId}/review`, { token: 'oa-l01', body: { note: 'ok' } })).status, 200);
  assert.equal((await call('POST', `/v1/incidents/${fireId}/ack`, { token: 'oa-g01' })).status, 409);
  assert.equal((await call('POST', `/v1/incidents/${sosId}/hold`, { token: 'oa-l01' })).status, 403);
  assert.equal((await call('POST', '/v1/incidents/inc-none/ack', { token: 'oa-g01' })).status, 404);
  assert.equal((await call('POST', `/v1/incidents/${sosId}/ack`, { token: 'oa-gw' })).status, 401);
  assert.equal((await call('POST', `/v1/incidents/${sosId}/ack`, { token: 'oa-g01', raw: 'nope' })).body.field, 'body');
  assert.equal((await call('PUT', `/v1/incidents/${sosId}/ack`, { token: 'oa-g01' })).status, 405);
  // Resolved and reviewed incidents are read back from Redis.
  const reviewed = await call('GET', '/v1/incidents?state=reviewed', { token: 'oa-g01' });
  assert.deepEqual(reviewed.body.incidents.map((i) => i.id), [fireId]);
  await call('GET', `/v1/incidents/${fireId}`, { token: 'oa-g01' });
  await call('GET', `/v1/incidents/${fireId}/zones`, { token: 'oa-g01' });

  // The WebSocket upgrade.
  assert.equal((await call('GET', '/ws')).status, 404, 'a plain GET is not an upgrade');
  const opened = await new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/ws`, { headers: { Authorization: 'Bearer oa-g01' } });
    ws.on('message', (m) => { ws.close(); resolve(JSON.parse(m.toString())); });
    ws.on('error', (e) => resolve(e));
  });
  assert.equal(opened.type, 'hello');
  exercised.add('GET /ws');
  for (const [headers, status] of [[{}, 401], [{ Authorization: 'Bearer oa-gw' }, 401],
    [{ Authorization: 'Bearer oa-g01', Origin: 'https://evil.example' }, 403]]) {
    const got = await new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/ws`, { headers });
      ws.on('unexpected-response', (req, res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
      });
      ws.on('open', () => { ws.close(); resolve({ status: 101 }); });
      ws.on('error', () => {});
    });
    assert.equal(got.status, status, JSON.stringify(headers));
    assert.ok(doc.paths['/ws'].get.responses[status], `${status} is documented for /ws`);
    assert.deepEqual(validate(got.body, doc.paths['/ws'].get.responses[status].content['application/json'].schema), []);
  }

  // Unknown routes: under /v1 a JSON 404; elsewhere the console's file table answers, a plain 404.
  const missing = await fetch(`http://127.0.0.1:${httpPort}/v1/nothing`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: 'not found' });
  const elsewhere = await fetch(`http://127.0.0.1:${httpPort}/v2/nothing`);
  assert.equal(elsewhere.status, 404);

  // Every documented operation was driven.
  for (const route of SERVED) assert.ok(exercised.has(route), `${route} was not exercised`);
});
