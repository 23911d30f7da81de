// What the console draws: the alarm cards, the incident detail and the special-event report.
// Functions of the data they are given; app.js decides when to call them.
import { h, fill, ms, clock, localTime, floorText } from './dom.js';
import { t, word } from './i18n.js';

export function ago(iso, now) {
  const t0 = ms(iso);
  if (t0 === null) return '';
  const s = Math.max(0, Math.floor((now - t0) / 1000));
  if (s < 60) return t('ago.s', { n: s });
  if (s < 3600) return t('ago.m', { n: Math.floor(s / 60) });
  return t('ago.h', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

// Where it is: the incident's first point (floor and label), else its title.
export function whereOf(inc) {
  const z = Array.isArray(inc.zones) && inc.zones.length > 0 ? inc.zones[0] : null;
  return {
    floor: floorText(z?.floor),
    label: z?.label || inc.title || '',
  };
}

export function buildingOf(inc, report) {
  return report?.incident?.building_name || inc.building || '';
}

// The 1 / 5 / 10 minute stages (every stage after the alert) as clocks: sent, skipped, due in,
// or late.
export function slaClocks(inc, report, now) {
  if (!report) return [];
  const opened = ms(inc.opened_at);
  return (report.stages || []).filter((s) => s.name !== 'alert').map((s) => {
    const due = ms(s.due_at);
    const offset = opened !== null && due !== null ? Math.round((due - opened) / 1000) : null;
    const at = offset === null ? '' : offset % 60 === 0 || offset > 600
      ? t('sla.min', { n: Math.round(offset / 60) }) : t('sla.sec', { n: offset });
    const name = `${at} ${word('stage', s.name)}`.trim();
    if (s.skipped) return { stage: s.name, status: 'skipped', text: `${name} ${t('sla.skipped')}` };
    if (s.fired_at) {
      return { stage: s.name, status: s.late ? 'done-late' : 'done', text: `${name} ✓ ${t('sla.done')}` };
    }
    if (due !== null && due > now) {
      return { stage: s.name, status: 'due', text: `${name} ${t('sla.due', { t: clock((due - now) / 1000) })}` };
    }
    return { stage: s.name, status: 'late', text: `${name} ${t('sla.late', { t: clock((now - due) / 1000) })}` };
  });
}

export function makeCard(id, onOpen) {
  const el = h('li', { class: 'card', tabindex: 0, role: 'button', dataset: { incident: id } },
    h('div', { class: 'card-top' },
      h('span', { class: 'cat' }), h('span', { class: 'state' }), h('span', { class: 'ago' })),
    h('div', { class: 'where' },
      h('b', { class: 'bldg' }), h('span', { class: 'floor' }), h('span', { class: 'label' })),
    h('div', { class: 'meta' },
      h('span', { class: 'count' }), h('span', { class: 'zones' }), h('span', { class: 'ack' })),
    h('div', { class: 'sla' }));
  el.addEventListener('click', () => onOpen(id));
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onOpen(id); }
  });
  return el;
}

const part = (el, cls) => el.querySelector(`.${cls}`);

export function updateCard(el, inc, report, now, selected) {
  const unacked = inc.state === 'open';
  el.className = `card sev-${inc.severity} cat-${inc.category}${unacked ? ' unacked' : ''}${selected ? ' selected' : ''}`;
  el.dataset.state = inc.state;
  part(el, 'cat').textContent = word('cat', inc.category);
  part(el, 'state').textContent = word('state', inc.state);
  part(el, 'ago').textContent = ago(inc.opened_at, now);
  const where = whereOf(inc);
  part(el, 'bldg').textContent = buildingOf(inc, report);
  part(el, 'floor').textContent = where.floor;
  part(el, 'label').textContent = where.label;
  part(el, 'count').textContent = t('card.events', { n: inc.event_count });
  part(el, 'zones').textContent = inc.zone_count > 1 ? t('card.zones', { n: inc.zone_count }) : '';
  const ack = inc.arrived?.by ? t('card.arrived', { who: inc.arrived.by })
    : inc.acknowledged?.by ? t('card.acked', { who: inc.acknowledged.by }) : '';
  part(el, 'ack').textContent = ack;
  fill(part(el, 'sla'), slaClocks(inc, report, now).map((c) =>
    h('span', { class: `clock ${c.status}`, dataset: { stage: c.stage }, text: c.text })));
}

function camera(name) {
  if (/^https?:\/\//i.test(name)) {
    // A URL: a link to the camera's page, and its picture when the URL is an image.
    const img = h('img', { src: name, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' });
    img.addEventListener('error', () => img.remove());
    return h('li', {}, h('a', { href: name, target: '_blank', rel: 'noopener noreferrer' }, img, name));
  }
  return h('li', { class: 'camera-name', text: name });
}

export function renderDetail(d) {
  const { inc, report, events, you, plan } = d;
  const now = Date.now();
  const where = whereOf(inc);
  const head = document.getElementById('detail-head');
  fill(head,
    h('h2', {}, h('span', { class: `badge sev-${inc.severity}`, text: word('cat', inc.category) }), ' ',
      `${buildingOf(inc, report)} ${where.floor} ${where.label}`.replace(/\s+/g, ' ').trim()),
    h('p', { class: 'facts' },
      h('span', { class: `state-badge state-${inc.state}`, dataset: { state: inc.state }, text: word('state', inc.state) }),
      ' ', t('detail.opened'), ' ', localTime(inc.opened_at), ' (', h('span', { class: 'ago', text: ago(inc.opened_at, now) }), ') · ',
      t('card.events', { n: inc.event_count }),
      inc.outcome ? ` · ${word('outcome', inc.outcome)}` : '',
      inc.note ? ` · ${inc.note}` : ''),
    h('p', { class: 'facts' },
      inc.acknowledged?.by ? `${t('card.acked', { who: inc.acknowledged.by })} ${localTime(inc.acknowledged.at)}  ` : '',
      inc.arrived?.by ? `${t('card.arrived', { who: inc.arrived.by })} ${localTime(inc.arrived.at)}` : ''),
    h('div', { class: 'sla' }, slaClocks(inc, report, now).map((c) =>
      h('span', { class: `clock ${c.status}`, dataset: { stage: c.stage }, text: c.text }))));

  const open = ['open', 'acknowledged', 'on_site'].includes(inc.state);
  const manager = you && (you.role === 'manager' || you.role === 'admin');
  document.getElementById('act-ack').hidden = inc.state !== 'open';
  document.getElementById('act-arrive').hidden = !(inc.state === 'open' || inc.state === 'acknowledged');
  // Only managers and admins may hold the resident notice: a guard never sees the button.
  document.getElementById('act-hold').hidden = !(manager && open && !inc.held);
  document.getElementById('resolve-form').hidden = !open;
  const held = document.getElementById('detail-held');
  held.hidden = !inc.held;
  held.textContent = inc.held ? t('detail.held', { who: inc.held.by }) : '';

  const planText = report?.incident?.plan || plan || '';
  document.getElementById('detail-plan').textContent = planText || t('detail.noPlan');
  const cams = document.getElementById('detail-cameras');
  const camKey = JSON.stringify(inc.cameras || []);
  if (cams.dataset.key !== camKey) {  // pictures are fetched again only when the list changes
    cams.dataset.key = camKey;
    fill(cams, (inc.cameras || []).map(camera));
  }
  document.getElementById('detail-cameras-box').hidden = !(inc.cameras || []).length;
  fill(document.getElementById('detail-zones'), (inc.zones || []).map((z) =>
    h('li', {}, `${floorText(z.floor)} ${z.label || `${z.device}/${z.zone}`}`,
      z.count > 1 ? ` ×${z.count}` : '', z.restored ? ` (${word('what', 'restored')})` : '')));
  fill(document.getElementById('detail-timeline'), (report?.timeline || []).map((e) =>
    h('li', {}, h('time', { text: localTime(e.at) }), ' ', h('b', { text: word('what', e.what) }), ' ',
      e.who || '', e.detail ? ` — ${e.detail}` : '')));
  const evs = events?.events || [];
  document.getElementById('detail-events-title').textContent = t('detail.events', { n: evs.length });
  fill(document.getElementById('detail-events'), evs.slice().reverse().map((e) =>
    h('li', {}, h('time', { text: localTime(e.received_at) }), ' ',
      `${word('cat', e.category)} ${e.kind} ${e.code || ''} ${e.location?.label || e.zone || ''} ${e.text || ''}`)));
}

function table(headers, rows) {
  return h('table', {},
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { text: t(x) })))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', { text: c ?? '' }))))));
}

// The special-event report as a printable page (style.css has its print rules).
export function renderReport(article, r) {
  const i = r.incident;
  const facts = [
    ['report.id', i.id],
    ['report.category', word('cat', i.category)],
    ['report.where', `${i.building_name || i.building} ${i.title || ''}`],
    ['report.opened', localTime(i.opened_at)],
    ['report.resolved', localTime(i.resolved_at)],
    ['report.state', word('state', i.state)],
    ['report.outcome', word('outcome', i.outcome)],
    ['report.note', i.note],
    ['report.count', String(i.event_count)],
  ];
  const stages = [];
  for (const s of r.stages || []) {
    let when = `${t('report.due')} ${localTime(s.due_at)}`;
    if (s.skipped) when += ` · ${t('report.skippedBy', { why: s.skipped })}`;
    else if (s.fired_at) when += ` · ${t('report.fired')} ${localTime(s.fired_at)}${s.late ? t('report.late') : ''}`;
    const deliveries = s.deliveries || [];
    if (deliveries.length === 0) stages.push([word('stage', s.name), when, '', '', '']);
    deliveries.forEach((d, n) => stages.push([n === 0 ? word('stage', s.name) : '', n === 0 ? when : '', d.to, d.via, d.result]));
  }
  const shown = (r.timeline || []).length;
  fill(article,
    h('h1', { text: t('report.title') }),
    h('dl', { class: 'report-facts' }, facts.flatMap(([k, v]) => [h('dt', { text: t(k) }), h('dd', { dataset: { field: k.slice(7) }, text: v || '—' })])),
    h('h2', { text: t('report.timeline') }),
    table(['th.time', 'th.what', 'th.who', 'th.detail'],
      (r.timeline || []).map((e) => [localTime(e.at), word('what', e.what), e.who, e.detail])),
    r.timeline_total > shown ? h('p', { text: t('report.more', { total: r.timeline_total, shown }) }) : null,
    h('h2', { text: t('report.stages') }),
    table(['th.stage', 'th.time', 'th.to', 'th.via', 'th.result'], stages),
    h('h2', { text: t('report.sla') }),
    table(['th.check', 'th.limit', 'th.actual', 'th.status'],
      (r.sla || []).map((c) => [c.check, c.limit, c.actual, word('sla', c.status)])),
    h('p', { class: 'generated', text: `${t('report.generated')}: ${localTime(r.generated_at)}` }));
}
