// The console's copy of the open incidents (console/incidents.js), without a browser: versions
// decide, a resolved incident leaves, and a reload over HTTP cannot undo what the WebSocket said
// while it was under way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Incidents, queueOrder } from '../../console/incidents.js';

const inc = (id, version, state = 'open', more = {}) => ({
  id, version, state, severity: 2, opened_at: `2026-12-01T10:00:0${id.slice(-1)}.000Z`, zones: [], ...more,
});
const ids = (q) => q.sorted().map((i) => `${i.id}:${i.state}:${i.version}`);

test('the queue is in the server order: most severe, then oldest, then id', () => {
  const list = [inc('a3', 1), inc('a1', 1, 'open', { severity: 1, opened_at: '2026-12-01T11:00:00.000Z' }), inc('a2', 1)];
  assert.deepEqual(list.sort(queueOrder).map((i) => i.id), ['a1', 'a2', 'a3']);
});

test('a newer version replaces, an older or equal one is ignored, a resolved one leaves', () => {
  const q = new Incidents();
  assert.equal(q.put(inc('a1', 2)), true);
  assert.equal(q.put(inc('a1', 1, 'acknowledged')), false);
  assert.equal(q.put(inc('a1', 2, 'acknowledged')), false);
  assert.deepEqual(ids(q), ['a1:open:2']);
  assert.deepEqual(q.update({ incident_id: 'a1', version: 3, fields: { state: 'acknowledged', acknowledged: { by: 'g01' } } }),
    { changed: true, fetch: false });
  assert.equal(q.get('a1').acknowledged.by, 'g01');
  assert.deepEqual(q.update({ incident_id: 'a1', version: 3, fields: { state: 'open' } }), { changed: false, fetch: false });
  // A skipped version: merged, and the incident is read again.
  assert.deepEqual(q.update({ incident_id: 'a1', version: 5, fields: { event_count: 4 } }), { changed: true, fetch: true });
  assert.deepEqual(q.update({ incident_id: 'a1', version: 6, fields: { state: 'resolved' } }), { changed: true, fetch: false });
  assert.equal(q.size, 0);
  assert.equal(q.put(inc('a1', 6, 'resolved')), false);
});

test('an update of an unknown incident is fetched unless it closes it', () => {
  const q = new Incidents();
  assert.deepEqual(q.update({ incident_id: 'x1', version: 4, fields: { event_count: 2 } }), { changed: false, fetch: true });
  assert.deepEqual(q.update({ incident_id: 'x1', version: 5, fields: { state: 'resolved' } }), { changed: false, fetch: false });
});

test('a zone update replaces the zone with the same device and zone', () => {
  const q = new Incidents();
  q.put(inc('a1', 1, 'open', { zones: [{ device: 'p', zone: '1', count: 1 }] }));
  q.update({ incident_id: 'a1', version: 2, fields: {}, zone: { device: 'p', zone: '1', count: 2 } });
  q.update({ incident_id: 'a1', version: 3, fields: {}, zone: { device: 'p', zone: '2', count: 1 } });
  assert.deepEqual(q.get('a1').zones.map((z) => `${z.zone}x${z.count}`), ['1x2', '2x1']);
});

test('a reload keeps what the WebSocket said meanwhile where it is newer', () => {
  const q = new Incidents();
  q.put(inc('a1', 1));
  q.put(inc('a2', 1));
  q.beginReload();
  q.put(inc('a3', 1));                                                        // opened meanwhile
  q.update({ incident_id: 'a1', version: 2, fields: { state: 'resolved' } }); // closed meanwhile
  q.update({ incident_id: 'a2', version: 2, fields: { state: 'acknowledged' } });
  // The page was read before those messages: a1 and a2 at version 1, a3 not yet there, and a4
  // (an incident the console had missed) open.
  q.finishReload([inc('a1', 1), inc('a2', 1), inc('a4', 1), inc('a5', 3, 'resolved')]);
  assert.deepEqual(ids(q), ['a2:acknowledged:2', 'a3:open:1', 'a4:open:1']);
  // Read after the messages: the page wins where it is as new or newer.
  q.beginReload();
  q.update({ incident_id: 'a2', version: 3, fields: { state: 'on_site' } });
  q.finishReload([inc('a2', 4, 'resolved'), inc('a3', 1)]);
  assert.deepEqual(ids(q), ['a3:open:1']);
});
