// The documented HTTP API with the person's bearer token. Nothing here that an integrator
// could not call as well.
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  async call(method, path, body) {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, {
        method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, e.message || 'network error');
    }
    let data = null;
    try { data = await res.json(); } catch { /* not JSON */ }
    if (!res.ok) throw new ApiError(res.status, data?.error || `HTTP ${res.status}`, data?.field);
    return data;
  }

  get(path) { return this.call('GET', path); }

  // Every open incident (not yet resolved), in the server's queue order, a page at a time.
  async openIncidents() {
    const all = [];
    let cursor = null;
    do {
      const more = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await this.get(`/v1/incidents?state=open&limit=1000${more}`);
      all.push(...page.incidents);
      cursor = page.next_cursor;
    } while (cursor);
    return all;
  }

  incident(id) { return this.get(`/v1/incidents/${encodeURIComponent(id)}`).then((r) => r.incident); }

  events(id, limit = 100) {
    return this.get(`/v1/incidents/${encodeURIComponent(id)}/events?limit=${limit}`);
  }

  report(id, limit = 1000) {
    return this.get(`/v1/incidents/${encodeURIComponent(id)}/report?limit=${limit}`);
  }

  // ack, arrive, resolve ({outcome, note}), review, hold.
  step(id, step, body = {}) {
    return this.call('POST', `/v1/incidents/${encodeURIComponent(id)}/${step}`, body);
  }
}
