// The guard console: log-in, the live queue of open incidents, the incident detail with its
// actions, the printable report and the manual report form. It talks only to the documented
// HTTP API and the guard WebSocket.
import { Api } from './api.js';
import { Feed } from './ws.js';
import { Incidents } from './incidents.js';
import { h, fill, $, ms } from './dom.js';
import { t, word, setLang, currentLang, applyStatic, CATEGORIES } from './i18n.js';
import { unlockAudio, setRinging, onAudioChange } from './audio.js';
import { makeCard, updateCard, renderDetail, renderReport, ago } from './views.js';

const TOKEN_KEY = 'alarmd.token';
const REPORTS_AT_ONCE = 3;

const state = {
  api: null,
  feed: null,
  you: null,
  incidents: new Incidents(),
  cards: new Map(),      // id -> card element, kept while the incident is in the queue
  reports: new Map(),    // id -> the last report read (stages for the SLA clocks)
  reportTimers: new Map(),
  reportWanted: [],
  reportsInFlight: 0,
  plans: new Map(),      // id -> the plan an alert notice carried
  selected: null,
  detail: null,          // { inc, report, events }
  reloading: false,
  earlyCloses: 0,
};

// --- small things ------------------------------------------------------------------------

function toast(text, kind = 'info', millis = 6000) {
  const el = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status', text });
  $('#toasts').append(el);
  setTimeout(() => el.remove(), millis);
}

function showView(view) {
  document.body.dataset.view = view;
  $('#login-view').hidden = view !== 'login';
  $('#main-view').hidden = view !== 'main';
  for (const el of document.querySelectorAll('.when-in')) el.hidden = view !== 'main';
}

let renderQueued = false;
function render() {
  if (renderQueued) return;
  renderQueued = true;
  // A timer, not requestAnimationFrame: a console in a background tab must still ring.
  setTimeout(() => { renderQueued = false; renderNow(); }, 0);
}

// --- the queue -----------------------------------------------------------------------------

function renderNow() {
  const now = Date.now();
  const list = state.incidents.sorted();
  const ol = $('#queue');
  const keep = new Set();
  list.forEach((inc, i) => {
    let el = state.cards.get(inc.id);
    if (!el) {
      el = makeCard(inc.id, select);
      state.cards.set(inc.id, el);
      wantReport(inc.id);
    }
    updateCard(el, inc, state.reports.get(inc.id), now, inc.id === state.selected);
    if (ol.children[i] !== el) ol.insertBefore(el, ol.children[i] ?? null);
    keep.add(inc.id);
  });
  for (const [id, el] of state.cards) {
    if (!keep.has(id)) {
      el.remove();
      state.cards.delete(id);
      clearTimeout(state.reportTimers.get(id));
      state.reportTimers.delete(id);
      state.reports.delete(id);
    }
  }
  const c = state.incidents.counts();
  $('#counts').textContent = t('counts', c);
  $('#queue-empty').hidden = list.length > 0;
  // Rings until every alarm is acknowledged.
  setRinging(list.some((inc) => inc.state === 'open'));
  fill($('#buildings'), [...new Set(list.map((inc) => inc.building))].map((b) => h('option', { value: b })));
  if (state.detail) renderDetail({ ...state.detail, you: state.you, plan: state.plans.get(state.selected) });
}

function tick() {
  if (document.body.dataset.view !== 'main') return;
  const now = Date.now();
  for (const inc of state.incidents.sorted()) {
    const el = state.cards.get(inc.id);
    if (el) updateCard(el, inc, state.reports.get(inc.id), now, inc.id === state.selected);
  }
  const agoEl = document.querySelector('#detail-head .ago');
  if (agoEl && state.detail) agoEl.textContent = ago(state.detail.inc.opened_at, now);
}

// Reports give the stages for the SLA clocks: read when a card appears and again when a stage
// comes due, a few at a time.
function wantReport(id) {
  if (!state.reportWanted.includes(id)) state.reportWanted.push(id);
  pumpReports();
}

function pumpReports() {
  while (state.reportsInFlight < REPORTS_AT_ONCE && state.reportWanted.length > 0) {
    const id = state.reportWanted.shift();
    if (!state.incidents.get(id) || !state.api) continue;
    state.reportsInFlight += 1;
    state.api.report(id, 1).then((r) => {
      state.reports.set(id, r);
      refreshWhenDue(id, r);
      render();
    }, () => {}).finally(() => {
      state.reportsInFlight -= 1;
      pumpReports();
    });
  }
}

function refreshWhenDue(id, r) {
  clearTimeout(state.reportTimers.get(id));
  const now = Date.now();
  const waiting = (r.stages || []).filter((s) => !s.fired_at && !s.skipped).map((s) => ms(s.due_at));
  if (waiting.length === 0) return;
  const next = Math.min(...waiting);
  // Just after the next stage's due time; every 10 s while one is late.
  const wait = next > now ? next - now + 1500 : 10000;
  state.reportTimers.set(id, setTimeout(() => wantReport(id), wait));
}

// --- the feed ------------------------------------------------------------------------------

async function reload() {
  if (state.reloading || !state.api) return;
  state.reloading = true;
  state.incidents.beginReload();
  try {
    const list = await state.api.openIncidents();
    state.incidents.finishReload(list);
    document.body.dataset.resyncs = String(Number(document.body.dataset.resyncs || 0) + 1);
    render();
  } catch {
    state.incidents.finishReload(state.incidents.sorted());
    setTimeout(() => { if (state.feed?.connected()) reload(); }, 3000);
  } finally {
    state.reloading = false;
  }
}

async function fetchIncident(id) {
  try {
    const inc = await state.api.incident(id);
    if (state.incidents.put(inc)) render();
    if (state.selected === id && state.detail && inc.version > state.detail.inc.version) {
      state.detail.inc = inc;
      render();
    }
  } catch { /* gone: nothing to show */ }
}

// A message about the incident on screen that the queue no longer holds (resolved meanwhile).
function followDetail(m) {
  if (!state.detail || state.selected !== (m.incident_id ?? m.incident?.id)) return;
  const queued = state.incidents.get(state.selected);
  if (queued) {
    state.detail.inc = queued;
  } else if (m.type === 'incident.updated' && m.version > state.detail.inc.version) {
    Object.assign(state.detail.inc, m.fields || {});
    state.detail.inc.version = m.version;
  }
  refreshDetailSoon();
}

const hooks = {
  status(s) {
    const conn = $('#conn');
    conn.dataset.state = s;
    $('.conn-text', conn).textContent = t(`conn.${s}`);
  },
  hello(m, reconnected) {
    state.earlyCloses = 0;
    state.you = m.you;
    document.body.dataset.role = m.you?.role || '';
    $('#who').textContent = m.you ? `${m.you.name} (${m.you.id})` : '';
    if (!reconnected) {
      state.incidents.finishReload(m.incidents || []);
      if ((m.incidents_total ?? 0) > (m.incidents || []).length) reload();
      render();
    }
  },
  message(m) {
    switch (m.type) {
      case 'incident.opened':
        if (state.incidents.put(m.incident)) render();
        if (state.selected === m.incident.id && state.detail) state.detail.inc = state.incidents.get(m.incident.id) ?? m.incident;
        break;
      case 'incident.updated': {
        const r = state.incidents.update(m);
        if (r.fetch) fetchIncident(m.incident_id);
        if (r.changed) render();
        followDetail(m);
        break;
      }
      case 'notice':
        if (m.plan) state.plans.set(m.incident_id, m.plan);
        if (m.incident && m.incident.id && state.incidents.put(m.incident)) render();
        if (m.stage !== 'alert') toast(t('toast.notice', { text: m.text }), 'info', 10000);
        break;
      case 'delivery.failed':
        toast(t('toast.delivery', { to: m.to, via: m.via, error: m.error }), 'error', 20000);
        break;
      case 'event.suppressed':
        toast(t('toast.suppressed', { zone: m.zone }), 'warn', 10000);
        break;
      default:
        break;
    }
  },
  // What the last resume replayed, on <body> for a person debugging (and the tests' log).
  resumed(ok) {
    document.body.dataset.resumed = `${ok.replayed}${ok.complete ? '' : ' incomplete'}`;
  },
  gap() {
    toast(t('toast.resync'));
    reload();
  },
  // The server closed before its hello a few times: a token taken away is sent to the log-in.
  async closedEarly() {
    state.earlyCloses += 1;
    if (state.earlyCloses < 2 || !state.api) return;
    try {
      await state.api.get('/v1/incidents?state=open&limit=1');
    } catch (e) {
      if (e.status === 401) logout(t('login.bad'));
    }
  },
};

// --- log-in --------------------------------------------------------------------------------

// A wall screen logs in from its address, https://host/#token=…: the fragment never reaches a
// server, and is taken off the address bar once read.
function tokenFromAddress() {
  const m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!m) return;
  const token = decodeURIComponent(m[1]);
  if (token) localStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', location.pathname + location.search);
}

async function login(token) {
  $('#login-error').textContent = '';
  const api = new Api(token);
  try {
    await api.get('/v1/incidents?state=open&limit=1');
  } catch (e) {
    if (e.status === 401) {
      localStorage.removeItem(TOKEN_KEY);
      showView('login');
      $('#login-error').textContent = t('login.bad');
      return;
    }
    // The server is away: the feed keeps trying and the indicator says so.
  }
  localStorage.setItem(TOKEN_KEY, token);
  state.api = api;
  state.feed = new Feed(token, hooks);
  showView('main');
  state.feed.start();
}

function logout(message = '') {
  state.feed?.stop();
  state.feed = null;
  state.api = null;
  localStorage.removeItem(TOKEN_KEY);
  state.incidents = new Incidents();
  for (const el of state.cards.values()) el.remove();
  state.cards.clear();
  state.reports.clear();
  closeDetail();
  setRinging(false);
  hooks.status('offline');
  showView('login');
  $('#login-error').textContent = message;
}

// --- detail and actions ---------------------------------------------------------------------

// The detail's report and events are read again after a change: soon after the person's own
// step, within a second of others' (a flapping zone does not make a request per event).
let detailTimer = null;
function refreshDetailSoon(wait = 1000) {
  clearTimeout(detailTimer);
  detailTimer = setTimeout(loadDetail, wait);
}

async function loadDetail() {
  const id = state.selected;
  if (!id || !state.api) return;
  const [report, events] = await Promise.all([
    state.api.report(id).catch(() => null),
    state.api.events(id).catch(() => null),
  ]);
  if (state.selected !== id || !state.detail) return;
  if (report) state.detail.report = report;
  if (events) state.detail.events = events;
  render();
}

async function select(id) {
  const inc = state.incidents.get(id);
  if (!inc) return;
  state.selected = id;
  state.detail = { inc, report: state.reports.get(id) ?? null, events: null };
  document.body.dataset.detail = 'open';
  $('#detail').hidden = false;
  $('#detail-none').hidden = true;
  $('#resolve-note').value = '';
  render();
  loadDetail();
}

function closeDetail() {
  state.selected = null;
  state.detail = null;
  delete document.body.dataset.detail;
  $('#detail').hidden = true;
  $('#detail-none').hidden = false;
  render();
}

// A step over the WebSocket when it is up (its answer carries the incident), else over HTTP.
async function act(step, body = {}) {
  const id = state.selected;
  if (!id) return;
  try {
    const answer = state.feed?.connected()
      ? await state.feed.request({ type: step, incident: id, ...body })
      : await state.api.step(id, step, body);
    if (answer.incident) {
      if (state.incidents.put(answer.incident)) render();
      if (state.detail && state.selected === id && answer.incident.version >= state.detail.inc.version) {
        state.detail.inc = state.incidents.get(id) ?? answer.incident;
      }
    }
    refreshDetailSoon(300);
    return true;
  } catch (e) {
    toast(t('toast.error', { error: e.message }), 'error');
    return false;
  }
}

async function openReport() {
  const id = state.selected;
  if (!id) return;
  try {
    const r = await state.api.report(id);
    renderReport($('#report-doc'), r);
    $('#report-view').hidden = false;
    document.body.dataset.report = 'open';
  } catch (e) {
    toast(t('toast.error', { error: e.message }), 'error');
  }
}

function closeReport() {
  $('#report-view').hidden = true;
  delete document.body.dataset.report;
}

// --- manual report (报事登记) -----------------------------------------------------------------

function openForm() {
  $('#mf-error').textContent = '';
  $('#form-view').hidden = false;
  $('#mf-building').focus();
}

async function submitForm(e) {
  e.preventDefault();
  const floor = $('#mf-floor').value.trim();
  const location = { building: $('#mf-building').value.trim(), unit: $('#mf-unit').value.trim() };
  if (floor !== '') location.floor = Number(floor);
  try {
    const ok = await state.feed.request({
      type: 'report', category: $('#mf-category').value, location, text: $('#mf-text').value.trim(),
    });
    $('#form-view').hidden = true;
    $('#manual-form').reset();
    toast(t('form.sent', { id: ok.incident_id }));
    if (ok.incident_id) {
      if (!state.incidents.get(ok.incident_id)) await fetchIncident(ok.incident_id);
      select(ok.incident_id);
    }
  } catch (err) {
    $('#mf-error').textContent = t('toast.error', { error: err.message });
  }
}

// --- start ---------------------------------------------------------------------------------

function boot() {
  applyStatic();
  fill($('#mf-category'), CATEGORIES.map((c) => h('option', { value: c, text: word('cat', c) })));
  onAudioChange((blocked) => { $('#sound-banner').hidden = !blocked; });
  hooks.status('offline');

  $('#login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    unlockAudio();  // the click is the gesture browsers ask for before a page may make sound
    login($('#token').value.trim());
    $('#token').value = '';
  });
  $('#sound-banner').addEventListener('click', unlockAudio);
  document.addEventListener('click', unlockAudio, { once: true });
  $('#logout').addEventListener('click', () => logout());
  $('#lang').addEventListener('click', () => {
    setLang(currentLang() === 'en' ? 'zh-CN' : 'en');
    fill($('#mf-category'), CATEGORIES.map((c) => h('option', { value: c, text: word('cat', c) })));
    hooks.status($('#conn').dataset.state);
    render();
  });
  $('#detail-back').addEventListener('click', closeDetail);
  $('#act-ack').addEventListener('click', () => act('ack'));
  $('#act-arrive').addEventListener('click', () => act('arrive'));
  $('#act-hold').addEventListener('click', () => act('hold'));
  $('#resolve-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const done = await act('resolve', { outcome: $('#resolve-outcome').value, note: $('#resolve-note').value.trim() });
    if (done) $('#resolve-note').value = '';
  });
  $('#open-report').addEventListener('click', openReport);
  $('#report-print').addEventListener('click', () => window.print());
  $('#report-close').addEventListener('click', closeReport);
  $('#new-report').addEventListener('click', openForm);
  $('#mf-cancel').addEventListener('click', () => { $('#form-view').hidden = true; });
  $('#manual-form').addEventListener('submit', submitForm);
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (!$('#report-view').hidden) closeReport();
    else if (!$('#form-view').hidden) $('#form-view').hidden = true;
    else if (state.selected) closeDetail();
  });
  setInterval(tick, 1000);

  tokenFromAddress();
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) login(token);
  else showView('login');
}

boot();
