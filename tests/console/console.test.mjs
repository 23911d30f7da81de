// The guard console in a real browser (Debian's chromium via playwright-core) against the built
// alarmd and a real redis-server: a guard's alarm rings until acknowledged and leaves the queue
// when resolved; a manager holds the resident notice a guard cannot; a console that loses its
// WebSocket while alarmd restarts ends up with exactly the open incidents. Screenshots of the
// queue, the detail, the report and a phone-sized screen go to build/console-screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { World, cardsOf, screenshots, until } from './harness.mjs';

const world = new World();

before(async () => { await world.start(); });
after(async () => { await world.stop(); });

// Milliseconds from just before the POST to the card being in the page (the page's own clock,
// which is this machine's): for the README's figure, never asserted.
async function postAndTime(page, event) {
  await page.evaluate(() => {
    window.cardSeen = new Map();
    const ol = document.getElementById('queue');
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.dataset?.incident && !window.cardSeen.has(n.dataset.incident)) {
            window.cardSeen.set(n.dataset.incident, Date.now());
          }
        }
      }
    }).observe(ol, { childList: true });
  });
  const sent = Date.now();
  const r = await world.post(event);
  await page.waitForSelector(`#queue [data-incident="${r.incident_id}"]`);
  const seen = await page.evaluate((id) => window.cardSeen.get(id), r.incident_id);
  return { id: r.incident_id, ms: seen - sent };
}

test('a guard sees the alarm ring, acknowledges it, resolves it as a false alarm, and reads the report', async () => {
  const page = await world.page();
  await world.login(page, 'cc-g01');
  assert.equal(await page.textContent('#who'), '张三 (g01)');
  assert.equal(await page.getAttribute('body', 'data-alarm'), 'quiet');

  const { id, ms } = await postAndTime(page, { device: 'panel-b3', zone: '003', category: 'fire', code: 'E110' });
  console.log(`console-timing: POST to card on screen ${ms} ms (first alarm)`);
  const card = `#queue [data-incident="${id}"]`;
  assert.match(await page.getAttribute(card, 'class'), /\bunacked\b/, 'an unacknowledged card flashes');
  assert.equal(await page.getAttribute(card, 'data-state'), 'open');
  const text = await page.textContent(card);
  for (const part of ['火警', '3号楼', '3F', '3F 电梯厅烟感', '1 次']) assert.ok(text.includes(part), `${part} in ${text}`);
  // The alarm sounds: the Web Audio context runs and the beep loop has played.
  await page.waitForSelector('body[data-alarm="ringing"][data-audio="running"]');
  await until('a beep', async () => Number(await page.getAttribute('body', 'data-beeps')) > 0);
  await page.waitForSelector(`${card} .sla .clock[data-stage="report"]`);
  await page.screenshot({ path: join(screenshots, 'queue.png') });

  await page.click(card);
  await page.waitForSelector('#detail:not([hidden])');
  await until('the plan', async () => (await page.textContent('#detail-plan')).includes('拨打 119'));
  const cams = await page.textContent('#detail-cameras');
  assert.ok(cams.includes('cam-b3-3f-lobby') && cams.includes('https://nvr.example/cam/b3-3f'), cams);
  assert.equal(await page.getAttribute('#detail-cameras a', 'href'), 'https://nvr.example/cam/b3-3f');
  await until('the camera picture', () => page.$eval('#detail-cameras img', (img) => img.complete && img.naturalWidth === 1));
  assert.ok(await page.isVisible('#act-ack'));
  assert.ok(!(await page.isVisible('#act-hold')), 'a guard does not see hold');

  await page.click('#act-ack');
  await until('the card to stop flashing', async () =>
    !/\bunacked\b/.test(await page.getAttribute(card, 'class')));
  assert.equal(await page.getAttribute(card, 'data-state'), 'acknowledged');
  await page.waitForSelector('body[data-alarm="quiet"]');
  const acked = await world.api('GET', `/v1/incidents/${id}`, 'cc-g01');
  assert.equal(acked.body.incident.acknowledged.by, 'g01');
  await until('the timeline to show the acknowledgement', async () =>
    (await page.textContent('#detail-timeline')).includes('确认'));
  await page.screenshot({ path: join(screenshots, 'detail.png') });

  await page.selectOption('#resolve-outcome', 'false_alarm');
  await page.fill('#resolve-note', '厨房油烟误触发，已复位');
  await page.click('#resolve-submit');
  await page.waitForSelector(card, { state: 'detached' });
  await page.waitForSelector('#detail-head [data-state="resolved"]');
  await page.click('#open-report');
  await page.waitForSelector('#report-view:not([hidden])');
  const doc = await page.textContent('#report-doc');
  for (const part of ['特别事件报告', id, '误报', '厨房油烟误触发，已复位', '3号楼']) assert.ok(doc.includes(part), `${part} in the report`);
  await page.screenshot({ path: join(screenshots, 'report.png'), fullPage: true });
  const report = await world.api('GET', `/v1/incidents/${id}/report`, 'cc-g01');
  assert.equal(report.body.incident.outcome, 'false_alarm');
  assert.equal(report.body.incident.note, '厨房油烟误触发，已复位');
  assert.equal(report.body.incident.plan.includes('119'), true);
  await page.click('#report-close');

  // 报事登记: a manual report opens an incident and shows it.
  await page.click('#new-report');
  await page.selectOption('#mf-category', 'water_leak');
  await page.fill('#mf-building', 'B5');
  await page.fill('#mf-floor', '-1');
  await page.fill('#mf-text', '地下车库漏水');
  await page.click('#mf-submit');
  await page.waitForSelector('#form-view', { state: 'hidden' });
  await until('the reported incident', async () => (await page.textContent('#detail-head')).includes('地下车库漏水'));
  const open = await world.api('GET', '/v1/incidents?state=open', 'cc-g01');
  const manual = open.body.incidents.find((i) => i.category === 'water_leak');
  assert.ok(manual, 'the manual report is an open incident');
  assert.equal(manual.building, 'B5');
  await world.api('POST', `/v1/incidents/${manual.id}/resolve`, 'cc-g01', { outcome: 'test' });
  await page.waitForSelector(`#queue [data-incident="${manual.id}"]`, { state: 'detached' });

  // English on request.
  await page.click('#lang');
  assert.equal(await page.textContent('#logout'), 'Log out');
  await page.click('#lang');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a manager holds the resident notice; a guard does not see that button', async () => {
  const { incident_id: id } = await world.post({ device: 'fence-b5', zone: '1', category: 'perimeter' });
  const guard = await world.page();
  await world.login(guard, 'cc-g02');
  await guard.click(`#queue [data-incident="${id}"]`);
  await guard.waitForSelector('#detail:not([hidden])');
  assert.ok(await guard.isVisible('#act-ack'));
  assert.ok(!(await guard.isVisible('#act-hold')));

  const phone = await world.page({ width: 390, height: 844 });
  await world.login(phone, 'cc-mgr1');
  await phone.waitForSelector(`#queue [data-incident="${id}"]`);
  await phone.screenshot({ path: join(screenshots, 'phone-queue.png') });
  await phone.click(`#queue [data-incident="${id}"]`);
  await phone.waitForSelector('#act-hold', { state: 'visible' });
  await phone.click('#act-hold');
  await phone.waitForSelector('#detail-held', { state: 'visible' });
  await phone.waitForSelector('#act-hold', { state: 'hidden' });
  await phone.screenshot({ path: join(screenshots, 'phone-detail.png') });
  const held = await world.api('GET', `/v1/incidents/${id}`, 'cc-g02');
  assert.equal(held.body.incident.held.by, 'mgr1');
  // The guard's console learns of the hold from the WebSocket and still has no button.
  await guard.waitForSelector('#detail-held', { state: 'visible' });
  assert.ok(!(await guard.isVisible('#act-hold')));

  assert.deepEqual(guard.problems, []);
  assert.deepEqual(phone.problems, []);
  await guard.context().close();
  await phone.context().close();
});

test('POST to card on screen, ten alarms', async () => {
  const page = await world.page();
  await world.login(page, 'cc-g01');
  const times = [];
  const ids = [];
  for (let i = 0; i < 10; i++) {
    const r = await postAndTime(page, { device: 'panel-b3', zone: `1${i}`, category: 'fire', code: 'E110' });
    times.push(r.ms);
    ids.push(r.id);
  }
  times.sort((a, b) => a - b);
  console.log(`console-timing: POST to card on screen over 10 alarms: median ${times[5]} ms, max ${times[9]} ms`);

  // A queue in every state, and one incident open beside it: the README's picture.
  for (const id of ids.slice(0, 3)) await world.api('POST', `/v1/incidents/${id}/ack`, 'cc-g02');
  await world.api('POST', `/v1/incidents/${ids[0]}/arrive`, 'cc-g02');
  await page.waitForSelector(`#queue [data-incident="${ids[0]}"][data-state="on_site"]`);
  await page.click(`#queue [data-incident="${ids[3]}"]`);
  await until('the detail', async () => (await page.textContent('#detail-timeline')).length > 0);
  await page.screenshot({ path: join(screenshots, 'overview.png') });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a console whose WebSocket dies while alarmd restarts ends with exactly the open incidents', async () => {
  // A wall screen logged in from its address; the token leaves the address bar at once.
  const page = await world.page();
  await page.goto(`${world.base}/#token=cc-g02`);
  await page.waitForSelector('#conn[data-state="online"]');
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.evaluate(() => localStorage.getItem('alarmd.token')), 'cc-g02');

  let sending = true;
  let n = 0;
  const sender = (async () => {
    while (sending) {
      await world.post({ device: 'fence-b5', zone: `r${n}`, category: 'perimeter' });
      n += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const matches = async () => JSON.stringify(await cardsOf(page)) === JSON.stringify(await world.openIds());

  for (const signal of ['SIGTERM', 'SIGKILL']) {
    await until('some events before the restart', async () => n >= 3);
    await world.stopDaemon(signal);
    await page.waitForSelector('#conn:not([data-state="online"])');
    await world.startDaemon();
    // A step taken while the console is still away: it must learn of it by resume or resync.
    const waiting = (await world.openIds()).find((s) => s.endsWith(':open'));
    const acked = await world.api('POST', `/v1/incidents/${waiting.split(':')[0]}/ack`, 'cc-g01');
    assert.equal(acked.status, 200);
    await page.waitForSelector('#conn[data-state="online"]');
    await page.waitForSelector('body[data-resumed]');
    console.log(`console-resync: after ${signal} the resume replayed ${await page.getAttribute('body', 'data-resumed')}`);
    await page.evaluate(() => { delete document.body.dataset.resumed; });
    const before = n;
    await until('events after the restart', async () => n >= before + 3);
  }
  sending = false;
  await sender;
  await until('the queue to equal GET /v1/incidents?state=open', matches);
  const shown = await cardsOf(page);
  assert.deepEqual(shown, await world.openIds());
  assert.ok(shown.length >= 10, `${shown.length} incidents`);
  console.log(`console-resync: ${shown.length} open incidents after two restarts, resyncs=${await page.getAttribute('body', 'data-resyncs') ?? 0}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
