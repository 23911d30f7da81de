// The guard WebSocket: connects with the person's token, reconnects with back-off, resumes from
// the last seq it applied, and says when the server could not fill the gap (the console then
// reloads the open incidents over HTTP). Requests (ack, resolve, report, ...) carry a ref and
// are answered by `ok` or `error` with the same ref.
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const REQUEST_TIMEOUT_MS = 15000;
const PING_EVERY_MS = 25000;  // a connection that does not answer its ping is dropped

export class Feed {
  // hooks: status(state), hello(msg, reconnected), message(msg), resumed(ok), gap(reason),
  // closedEarly()
  constructor(token, hooks) {
    this.token = token;
    this.hooks = hooks;
    this.ws = null;
    this.lastSeq = null;   // the seq of the last message applied: where a resume starts
    this.attempt = 0;
    this.refs = 0;
    this.pending = new Map();
    this.stopped = false;
    this.retryTimer = null;
    this.pingTimer = null;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.drop();
  }

  connect() {
    this.status('connecting');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // A browser cannot set Authorization on a WebSocket; the server never logs the target.
    const ws = new WebSocket(`${scheme}//${location.host}/ws?token=${encodeURIComponent(this.token)}`);
    ws.greeted = false;
    this.ws = ws;
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; }
      this.frame(ws, msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.closed(ws);
    };
  }

  // Forgets the connection at once (a dead one may take long to report its close).
  drop() {
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    clearInterval(this.pingTimer);
    try { ws.close(); } catch { /* already closed */ }
    this.failPending('connection closed');
  }

  closed(ws) {
    this.ws = null;
    clearInterval(this.pingTimer);
    this.failPending('connection closed');
    this.status('offline');
    if (!ws.greeted) this.hooks.closedEarly?.();
    if (this.stopped) return;
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.connect(), base + Math.random() * base * 0.3);
  }

  failPending(why) {
    for (const p of this.pending.values()) p.reject(new Error(why));
    this.pending.clear();
  }

  status(state) {
    this.state = state;
    this.hooks.status?.(state);
  }

  frame(ws, msg) {
    if (msg.type === 'ok' || msg.type === 'error') {
      const p = this.pending.get(msg.ref);
      if (!p) return;
      this.pending.delete(msg.ref);
      if (msg.type === 'ok') p.resolve(msg);
      else p.reject(new Error(msg.error || 'error'));
      return;
    }
    if (msg.type === 'hello') {
      ws.greeted = true;
      this.attempt = 0;
      this.status('online');
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
      const resumeFrom = this.lastSeq;
      this.hooks.hello(msg, resumeFrom !== null);
      if (resumeFrom === null) {
        this.lastSeq = msg.seq;
      } else {
        this.resume(resumeFrom, msg.seq);
      }
      return;
    }
    if (typeof msg.seq === 'number' && msg.seq > 0) {
      this.lastSeq = Math.max(this.lastSeq ?? 0, msg.seq);
    }
    this.hooks.message(msg);
  }

  // What was missed while away comes first, in order; `complete: false` means it could not all
  // be replayed and the console must reload the open incidents.
  async resume(after, helloSeq) {
    try {
      const ok = await this.request({ type: 'resume', after_seq: after });
      this.hooks.resumed?.(ok);
      if (ok.complete === false) {
        this.lastSeq = Math.max(this.lastSeq ?? 0, helloSeq);
        this.hooks.gap('resume incomplete');
      }
    } catch {
      // The connection dropped during the replay: the next one resumes from what was applied.
    }
  }

  ping() {
    this.request({ type: 'ping' }).catch(() => {
      if (this.ws) {
        const ws = this.ws;
        this.drop();
        this.closed(ws);
      }
    });
  }

  // Sends a request and waits for its answer (rejects on `error`, a timeout or a lost connection).
  request(body) {
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN || !this.ws.greeted) {
        reject(new Error('not connected'));
        return;
      }
      this.refs += 1;
      const ref = this.refs;
      const timer = setTimeout(() => {
        if (this.pending.delete(ref)) reject(new Error('no answer'));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(ref, {
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.ws.send(JSON.stringify({ ...body, ref }));
    });
  }

  connected() { return this.state === 'online'; }
}
