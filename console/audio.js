// The alarm sound: a two-tone beep made with Web Audio, repeated while any alarm waits for
// acknowledgement. Browsers let a page make sound only after a user gesture; the log-in click
// (or a click on the banner a kiosk shows) unlocks it. The state is on <body> for the people
// who look at the page and for tests: data-alarm = ringing | quiet, data-audio = the
// AudioContext's state (running, suspended, none), data-beeps = beeps played so far.
const PERIOD_MS = 1500;

let ctx = null;
let timer = null;
let beeps = 0;
let onChange = () => {};

function show() {
  const b = document.body.dataset;
  b.alarm = timer !== null ? 'ringing' : 'quiet';
  b.audio = ctx ? ctx.state : 'none';
  b.beeps = String(beeps);
  onChange(timer !== null && (!ctx || ctx.state !== 'running'));
}

// `fn(blocked)`: told whether the alarm rings but the browser keeps it silent.
export function onAudioChange(fn) {
  onChange = fn;
  show();
}

// Call from a user gesture (a click): makes or resumes the AudioContext.
export function unlockAudio() {
  try {
    if (!ctx) {
      ctx = new AudioContext();
      ctx.addEventListener('statechange', show);
    }
    if (ctx.state === 'suspended') ctx.resume().then(show, show);
  } catch { /* no Web Audio: the card still flashes */ }
  show();
}

function tone(at, freq, length) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'square';
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + length + 0.02);
}

function beep() {
  if (ctx && ctx.state === 'running') {
    const now = ctx.currentTime;
    tone(now, 988, 0.22);
    tone(now + 0.28, 740, 0.22);
    beeps += 1;
  }
  show();
}

export function setRinging(on) {
  if (on && timer === null) {
    timer = setInterval(beep, PERIOD_MS);
    beep();
  } else if (!on && timer !== null) {
    clearInterval(timer);
    timer = null;
    show();
  }
}
