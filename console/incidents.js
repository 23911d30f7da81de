// The console's copy of the open incidents, kept by the WebSocket messages: an incident is
// replaced only by a newer version, an update merges its changed fields, and a resolved one
// leaves. While the open incidents are being reloaded over HTTP, what the WebSocket says
// meanwhile is noted so the reload cannot undo it.
export const isOpen = (inc) => inc && ['open', 'acknowledged', 'on_site'].includes(inc.state);

// The server's queue order: most severe (1) first, then oldest, then by id.
export function queueOrder(a, b) {
  return (a.severity - b.severity) || (a.opened_at < b.opened_at ? -1 : a.opened_at > b.opened_at ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class Incidents {
  constructor() {
    this.byId = new Map();
    this.noted = null;  // id -> the incident as a message left it (null: closed), during a reload
  }

  get(id) { return this.byId.get(id); }
  sorted() { return [...this.byId.values()].sort(queueOrder); }
  get size() { return this.byId.size; }

  note(id, version, inc) {
    this.noted?.set(id, { version, inc });
  }

  // incident.opened, or an incident read over HTTP. True when it changed the queue.
  put(inc) {
    const have = this.byId.get(inc.id);
    if (have && have.version >= inc.version) return false;
    if (isOpen(inc)) this.byId.set(inc.id, inc);
    else if (!this.byId.delete(inc.id)) return false;
    this.note(inc.id, inc.version, isOpen(inc) ? inc : null);
    return true;
  }

  // incident.updated. {changed, fetch}: fetch when the console should reload the incident (a
  // version skipped, or an update of one it does not hold that may still be open).
  update(m) {
    const have = this.byId.get(m.incident_id);
    if (!have) {
      const closing = m.fields?.state && !isOpen({ state: m.fields.state });
      return { changed: false, fetch: !closing };
    }
    if (m.version <= have.version) return { changed: false, fetch: false };
    const gap = m.version > have.version + 1;
    Object.assign(have, m.fields || {});
    have.version = m.version;
    if (m.zone && Array.isArray(have.zones)) {
      const i = have.zones.findIndex((z) => z.device === m.zone.device && z.zone === m.zone.zone);
      if (i >= 0) have.zones[i] = m.zone;
      else if (have.zones.length < 50) have.zones.push(m.zone);
    }
    if (!isOpen(have)) this.byId.delete(have.id);
    this.note(have.id, have.version, isOpen(have) ? have : null);
    return { changed: true, fetch: gap && isOpen(have) };
  }

  beginReload() {
    this.noted = new Map();
  }

  // The open incidents as GET /v1/incidents?state=open gave them, with what the WebSocket
  // said since the reload began kept where it is newer.
  finishReload(list) {
    const fetched = new Map(list.map((inc) => [inc.id, inc]));
    const next = new Map(list.filter(isOpen).map((inc) => [inc.id, inc]));
    for (const [id, n] of this.noted ?? []) {
      if ((fetched.get(id)?.version ?? 0) >= n.version) continue;
      if (n.inc) next.set(id, n.inc);
      else next.delete(id);
    }
    this.byId = next;
    this.noted = null;
  }

  counts() {
    const c = { open: 0, acknowledged: 0, on_site: 0 };
    for (const inc of this.byId.values()) c[inc.state] = (c[inc.state] ?? 0) + 1;
    return c;
  }
}
