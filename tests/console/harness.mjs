// The console tests' world: a real redis-server, the built alarmd (stopped and started again at
// will, on the same port), and Debian's chromium driven by playwright-core. Run by scripts/test
// with ALARMD_BINARY set (CHROMIUM overrides /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { freePort, sha, sleep } from '../blackbox/support.mjs';

export { freePort, sha, sleep };

const require = createRequire(new URL('../peers/package.json', import.meta.url));
export const { chromium } = require('playwright-core');

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const screenshots = join(root, 'build', 'console-screenshots');
const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

// Waits for the thing itself; the deadline is only reached by a failure.
export async function until(what, fn, ms = 30000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

// Everybody's token is "cc-<id>"; the http source "gw" has "cc-gw".
export function configYaml(httpPort, redisPort) {
  return `
server: { http_listen: "127.0.0.1:${httpPort}" }
redis: { url: "redis://127.0.0.1:${redisPort}/0", key_prefix: "cc:", reconnect_max: 500ms }
ingest:
  http_sources: [ { name: gw, token_sha256: "${sha('cc-gw')}" } ]
site:
  buildings: [ { id: B3, name: "3号楼", floors: 18 }, { id: B5, name: "5号楼", floors: 24 } ]
devices:
  - { id: panel-b3, protocol: sia, account: "1234", building: B3,
      zones: { "003": { floor: 3, label: "3F 电梯厅烟感", cameras: ["cam-b3-3f-lobby", "https://nvr.example/cam/b3-3f"] },
               "012": { floor: 12, label: "12F 走廊手动报警按钮" },
${[...Array(10).keys()].map((i) => `               "1${i}": { floor: ${i + 2}, label: "${i + 2}F 走廊烟感", cameras: ["cam-b3-${i + 2}f"] }`).join(',\n')} } }
  - { id: fence-b5, protocol: sia, account: "5678", building: B5,
      zones: { "1": { label: "东墙红外对射 1", cameras: ["cam-east-wall-1"] } } }
people:
  - { id: g01, name: "张三", role: guard, phone: "+8613800000001", token_sha256: "${sha('cc-g01')}" }
  - { id: g02, name: "李四", role: guard, phone: "+8613800000002", token_sha256: "${sha('cc-g02')}" }
  - { id: lead1, name: "王班长", role: team_lead, phone: "+8613800000003", token_sha256: "${sha('cc-lead1')}" }
  - { id: mgr1, name: "赵经理", role: manager, phone: "+8613800000004", token_sha256: "${sha('cc-mgr1')}" }
correlation: { dedupe_window: 60s, group_window: 0s }
policies:
  default:
    plan: "1. 调取联动摄像机核实现场\\n2. 派最近的安管员到场\\n3. 确认火情立即拨打 119 并组织疏散"
    stages:
      - { name: alert, at: 0s, to: [guard], via: [ws] }
      - { name: report, at: 3s, to: [team_lead], via: [ws], unless: [false_alarm, test] }
      - { name: manager, at: 40s, to: [manager], via: [ws], unless: [resolved] }
      - { name: residents, at: 80s, to: [manager], via: [ws], unless: [false_alarm, test, held] }
`;
}

export class World {
  async start() {
    if (!process.env.ALARMD_BINARY) throw new Error('ALARMD_BINARY must point at the built alarmd');
    this.dir = mkdtempSync(join(tmpdir(), 'alarmd-console-'));
    this.redisPort = await freePort();
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.redis = spawn('redis-server', ['--port', String(this.redisPort), '--bind', '127.0.0.1',
      '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    await until('redis', () => spawnSync('redis-cli', ['-p', String(this.redisPort), 'ping']).stdout.toString().includes('PONG'));
    this.config = join(this.dir, 'alarmd.yaml');
    writeFileSync(this.config, configYaml(this.port, this.redisPort));
    await this.startDaemon();
    mkdirSync(screenshots, { recursive: true });
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
    });
  }

  async startDaemon() {
    this.log = '';
    this.daemon = spawn(process.env.ALARMD_BINARY, ['--config', this.config], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.daemon.stderr.on('data', (d) => { this.log += d.toString(); });
    this.exited = new Promise((r) => this.daemon.on('exit', (code, signal) => r(code ?? signal)));
    await until('alarmd /healthz', async () => (await fetch(`${this.base}/healthz`)).ok);
  }

  async stopDaemon(signal = 'SIGTERM') {
    this.daemon.kill(signal);
    return this.exited;
  }

  async stop() {
    await this.browser?.close();
    if (this.daemon && this.daemon.exitCode === null && this.daemon.signalCode === null) {
      this.daemon.kill('SIGKILL');
      await this.exited;
    }
    this.redis?.kill('SIGTERM');
    await sleep(100);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  // A page with the console open and no script error or CSP violation let through unseen.
  async page(viewport = { width: 1280, height: 800 }) {
    const context = await this.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    // The camera URL's host stands for an NVR: its snapshot is a 1x1 PNG (the CSP lets the
    // configured cameras' origins show images).
    await context.route('https://nvr.example/**', (route) => route.fulfill({ contentType: 'image/png', body: pixel }));
    const page = await context.newPage();
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Requests cut by a restart are expected, and so is the 503 a draining alarmd gives a
      // request that reaches it after SIGTERM (checked below: no other 503 passes); anything
      // else (a CSP refusal, a script error) not.
      const cut = /net::ERR_(CONNECTION_(REFUSED|RESET|CLOSED)|EMPTY_RESPONSE)|WebSocket connection|the server responded with a status of 503/;
      if (m.type() === 'error' && !cut.test(m.text())) {
        page.problems.push(`console: ${m.text()}`);
      }
    });
    page.on('response', async (r) => {
      if (r.status() !== 503) return;
      const body = await r.text().catch((e) => `(no body: ${e.message})`);
      if (!body.includes('alarmd is stopping')) {
        page.problems.push(`503 from ${r.url()}: ${body}`);
      }
    });
    return page;
  }

  async login(page, token) {
    await page.goto(`${this.base}/`);
    await page.fill('#token', token);
    await page.click('#login-submit');
    await page.waitForSelector('#conn[data-state="online"]');
  }

  async api(method, path, token, body) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  // POSTs an event as the gateway; retried while alarmd is away (that is what a gateway does).
  async post(event) {
    return until('event accepted', async () => {
      const r = await this.api('POST', '/v1/events', 'cc-gw', event);
      return r.status === 202 ? r.body : null;
    });
  }

  async openIds() {
    const r = await this.api('GET', '/v1/incidents?state=open&limit=1000', 'cc-mgr1');
    return r.body.incidents.map((i) => `${i.id}:${i.state}`);
  }
}

// The cards on screen, in order, as "id:state".
export const cardsOf = (page) => page.$$eval('#queue [data-incident]',
  (els) => els.map((e) => `${e.dataset.incident}:${e.dataset.state}`));
