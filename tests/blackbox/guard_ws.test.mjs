// Black-box: the built alarmd binary, a real redis-server, and guards using the npm `ws`
// client, as an installer would run it. Run by scripts/test with ALARMD_BINARY set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { freePort, sha, sleep, until } from './support.mjs';

const require = createRequire(new URL('../peers/package.json', import.meta.url));
const WebSocket = require('ws');

const binary = process.env.ALARMD_BINARY;

// Collects a guard's messages; next(type) waits for the next one of that type.
function guard(port, token) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Authorization: `Bearer ${token}` } });
  const inbox = [];
  const waiters = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    inbox.push(msg);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (type, ms = 30000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return inbox.splice(i, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} message within ${ms} ms`);
      await new Promise((r) => { waiters.push(r); setTimeout(r, left); });
    }
  };
  const opened = new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  return { ws, next, opened };
}

let dir, redis, redisPort, httpPort, daemon, configPath;

before(async () => {
  assert.ok(binary, 'ALARMD_BINARY must point at the built alarmd');
  dir = mkdtempSync(join(tmpdir(), 'alarmd-bb-'));
  redisPort = await freePort();
  httpPort = await freePort();
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  configPath = join(dir, 'alarmd.yaml');
  writeFileSync(configPath, `
server: { http_listen: "127.0.0.1:${httpPort}" }
redis: { url: "redis://127.0.0.1:${redisPort}/0", key_prefix: "bb:" }
ingest:
  http_sources: [ { name: intercom-gw, token_sha256: "${sha('bb-gw')}" } ]
site:
  buildings: [ { id: B3, name: "3号楼", floors: 18 } ]
devices:
  - { id: panel-b3, protocol: sia, account: "1234", building: B3,
      zones: { "003": { floor: 3, label: "3F 电梯厅烟感" } } }
people:
  - { id: g01, name: "张三", role: guard, phone: "+8613800000001", token_sha256: "${sha('bb-g01')}" }
  - { id: g02, name: "李四", role: guard, phone: "+8613800000002", token_sha256: "${sha('bb-g02')}" }
`);
  await until('redis', () => spawnSync('redis-cli', ['-p', String(redisPort), 'ping']).stdout.toString().includes('PONG'));
});

after(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill('SIGKILL');
  if (redis) redis.kill('SIGTERM');
  await sleep(100);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('--check-config accepts the config and names file:line for each problem', () => {
  const good = spawnSync(binary, ['--check-config', configPath]);
  assert.equal(good.status, 0, good.stderr.toString());

  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'server: { http_listen: "127.0.0.1:1" }\nbogus_key: 1\ncorrelation: { dedupe_window: 10 minutes }\n');
  const r = spawnSync(binary, ['--check-config', bad]);
  assert.equal(r.status, 2);
  const lines = r.stderr.toString().trim().split('\n');
  assert.ok(lines.length >= 2, r.stderr.toString());
  for (const line of lines) assert.match(line, /^.*bad\.yaml:\d+: .+/);
  assert.ok(lines.some((l) => l.includes(':2:') && l.includes('bogus_key')), r.stderr.toString());
  assert.ok(lines.some((l) => l.includes(':3:') && l.includes('10 minutes')), r.stderr.toString());

  const refused = spawnSync(binary, ['--config', bad]);
  assert.equal(refused.status, 2, 'the daemon refuses to start on the same errors');

  // An AMI section without its hotline numbers, and a listen address that is a host name: refused by
  // both, never accepted by one and failing in the other.
  for (const [text, why] of [
    ['ingest: { ami: { username: a, secret: b } }\n', 'ingest.ami.hotline'],
    ['server: { http_listen: "localhost:0" }\n', 'host names are not resolved'],
  ]) {
    const file = join(dir, 'unbuilt.yaml');
    writeFileSync(file, text);
    const check = spawnSync(binary, ['--check-config', file]);
    assert.equal(check.status, 2, check.stderr.toString());
    assert.ok(check.stderr.toString().includes(why), check.stderr.toString());
    const start = spawnSync(binary, ['--config', file], { timeout: 30000 });
    assert.equal(start.status, 2, start.stderr.toString());
    assert.ok(start.stderr.toString().includes(why), start.stderr.toString());
  }
});

test('a POSTed event reaches two guards, then SIGTERM drains and exits 0', async () => {
  daemon = spawn(binary, ['--config', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  daemon.stderr.on('data', (d) => { log += d.toString(); });
  await until('healthz', async () => (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).ok);
  assert.equal((await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status, 200);

  const a = guard(httpPort, 'bb-g01');
  const b = guard(httpPort, 'bb-g02');
  await Promise.all([a.opened, b.opened]);
  assert.equal((await a.next('hello')).you.name, '张三');
  await b.next('hello');

  const res = await fetch(`http://127.0.0.1:${httpPort}/v1/events`, {
    method: 'POST',
    headers: { Authorization: 'Bearer bb-gw', 'Content-Type': 'application/json' },
    body: JSON.stringify({ device: 'panel-b3', zone: '003', category: 'fire', code: 'E110' }),
  });
  assert.equal(res.status, 202);
  const { incident_id: incidentId } = await res.json();
  for (const g of [a, b]) {
    const m = await g.next('incident.opened');
    assert.equal(m.incident.id, incidentId);
    assert.equal(m.event.location.label, '3F 电梯厅烟感');
  }

  const refused = await fetch(`http://127.0.0.1:${httpPort}/v1/events`, {
    method: 'POST', headers: { Authorization: 'Bearer wrong' }, body: '{}',
  });
  assert.equal(refused.status, 401);
  assert.ok(!log.includes('bb-gw') && !log.includes('wrong'), 'tokens never appear in logs');

  const exited = new Promise((r) => daemon.on('exit', (code) => r(code)));
  daemon.kill('SIGTERM');
  assert.equal(await exited, 0, log);
  a.ws.terminate();
  b.ws.terminate();
});
