// Small DOM and time helpers. Every text goes in as textContent, never as HTML: what a panel,
// a caller or a guard typed cannot become markup.

// h('li', { class: 'card', dataset: { incident: id }, onclick: fn }, child, 'text', ...)
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

export function ms(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

// "2:05" for 125 s, "1:02:05" past an hour.
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

// Local wall-clock time of an RFC 3339 stamp: "14:03:27", with the date when not today.
export function localTime(iso) {
  const t = ms(iso);
  if (t === null) return '';
  const d = new Date(t);
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return time;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

// "3F", "B1" (basement), "" when unknown.
export function floorText(floor) {
  if (floor === null || floor === undefined || floor === '') return '';
  return floor < 0 ? `B${-floor}` : `${floor}F`;
}
