// postMessage bridge for pages that embed tcpviz in an iframe (SCENARIO_FORMAT.md, "Links and
// embedding" and "Scripting interfaces"). Built only on the public window.tcpviz interface.
//
// Every message, in both directions, is a plain object { tcpviz: 1, type: "...", ... }.
//   in:  load { preset: "<id>" } or { scenario: {...} }, play, pause, seek { t_ms }
//   out: ready { version }, state { t_ms, end_ms, playing, client, server }, ended { t_ms },
//        resize { height }, error { message, about }
// Also, for Canvas LMS, { subject: "lti.frameResize", height } with every resize.
//
// Origin policy (README, "For course authors"):
//   - Only the window that frames this page (window.parent) is listened to; messages from any
//     other window (popups, other frames, this page itself) are ignored. Not framed: no bridge.
//   - ?origin=<scheme://host[:port]> pins the parent's origin: messages from any other origin
//     are ignored, and everything is posted to that origin only. A pin that is not an origin
//     turns the bridge off (fail closed).
//   - Without a pin, replies go to the origin of the last accepted message; before the parent
//     has spoken, to the parent's origin as the browser reports it (location.ancestorOrigins,
//     else document.referrer). "*" is used only when no origin is known or the known origin
//     cannot be named (opaque "null" of a sandboxed parent, a file:// parent); what is sent
//     (version, playhead, state names, heights) is not secret.
// Malformed input never throws: anything that is not an object with a `tcpviz` key is ignored
// silently (other scripts share the channel); a message that says it is for tcpviz but is
// wrong (another version, unknown type, bad fields) is answered with `error`.
(function () {
  'use strict';

  const tcpviz = window.tcpviz;
  if (!tcpviz || window.parent === window) return;

  const VERSION = 1;
  const STATE_EVERY_MS = 100;           // state messages at most this often while playing
  const MAX_PRESET_CHARS = 64;
  const MAX_SCENARIO_CHARS = 256 * 1024; // serialised; lessons are a few kB
  const MIN_HEIGHT = 360;
  const MAX_HEIGHT = 900;

  const parent = window.parent;
  const params = new URLSearchParams(location.search);

  // The pinned origin, if any: undefined (no pin), null (a bad pin: accept nothing) or a string.
  const pinned = (() => {
    if (!params.has('origin')) return undefined;
    const raw = params.get('origin');
    if (raw === 'null') return raw;
    try {
      const origin = new URL(raw).origin;
      if (origin !== 'null' && origin === raw.replace(/\/$/, '')) return origin;
    } catch (e) { /* reported below */ }
    console.warn(`tcpviz: ?origin=${raw.slice(0, 80)} is not an origin (scheme://host[:port]); postMessage is off`);
    return null;
  })();

  function browserParentOrigin() {
    try {
      if (location.ancestorOrigins && location.ancestorOrigins.length > 0) return location.ancestorOrigins[0];
      if (document.referrer) return new URL(document.referrer).origin;
    } catch (e) { /* unknown */ }
    return null;
  }

  let learnedOrigin = null; // the origin of the last accepted message

  // Only a scheme://host[:port] origin can be named as postMessage's target: an opaque one
  // ("null") or a file:// parent ("file://", no host) cannot, and gets '*'.
  function targetOrigin() {
    const known = pinned !== undefined ? pinned : (learnedOrigin ?? browserParentOrigin());
    return known && /^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(known) ? known : '*';
  }

  function post(type, fields) {
    if (pinned === null) return;
    parent.postMessage({ tcpviz: VERSION, type, ...fields }, targetOrigin());
  }

  // --- Incoming ---

  const isPlainObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x)
    && Object.getPrototypeOf(x) === Object.prototype;
  // What an error reply may quote of the sender's input: short and printable.
  const quote = (x) => JSON.stringify(String(x).slice(0, 40));

  // Returns null for a well-formed message, or why it is not.
  function problemWith(m) {
    if (m.tcpviz !== VERSION) return `unsupported message version ${quote(m.tcpviz)} (this page speaks ${VERSION})`;
    switch (m.type) {
      case 'play':
      case 'pause':
        return null;
      case 'seek':
        return typeof m.t_ms === 'number' && Number.isFinite(m.t_ms) && m.t_ms >= 0
          ? null : 'seek needs t_ms, a number of milliseconds >= 0';
      case 'load': {
        const hasPreset = m.preset !== undefined;
        const hasScenario = m.scenario !== undefined;
        if (hasPreset === hasScenario) return 'load needs exactly one of preset (an id) or scenario (an object)';
        if (hasPreset) {
          return typeof m.preset === 'string' && m.preset.length > 0 && m.preset.length <= MAX_PRESET_CHARS
            && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.preset) ? null : 'load.preset must be a kebab-case preset id';
        }
        return isPlainObject(m.scenario) ? null : 'load.scenario must be a scenario object';
      }
      default:
        return typeof m.type === 'string' ? `unknown message type ${quote(m.type)}` : 'type must be a string';
    }
  }

  async function handle(m) {
    switch (m.type) {
      case 'play': tcpviz.play(); break;
      case 'pause': tcpviz.pause(); break;
      case 'seek': tcpviz.seek(m.t_ms); break;
      case 'load': {
        if (m.scenario !== undefined) {
          let text;
          try {
            text = JSON.stringify(m.scenario);
          } catch (e) {
            text = null;
          }
          if (text === null || text === undefined || text.length > MAX_SCENARIO_CHARS) {
            throw new Error(`load.scenario must be JSON of at most ${MAX_SCENARIO_CHARS} characters`);
          }
          await tcpviz.load(JSON.parse(text));
        } else {
          await tcpviz.load(m.preset);
        }
        break;
      }
      default: break;
    }
  }

  // Messages arriving before the app is ready wait for it, in order.
  let queue = tcpviz.whenReady();

  window.addEventListener('message', (event) => {
    if (event.source !== parent || pinned === null) return;
    if (pinned !== undefined && event.origin !== pinned) return;
    const m = event.data;
    if (!isPlainObject(m) || !Object.prototype.hasOwnProperty.call(m, 'tcpviz')) return;
    learnedOrigin = event.origin;
    const problem = problemWith(m);
    if (problem) {
      post('error', { message: problem, about: typeof m.type === 'string' ? m.type.slice(0, 40) : null });
      return;
    }
    queue = queue.then(() => handle(m)).then(() => checkState(true)).catch((e) => {
      const text = e && e.message ? e.message : String(e);
      post('error', { message: text.slice(0, 300), about: m.type });
    });
  });

  // --- Outgoing ---

  let last = null;         // the last state posted
  let lastPostedAt = 0;
  let lastSegments = -1;   // the trace size the last resize was computed from

  // The ladder needs room for each segment's arrow and label; the playback bar and the
  // endpoint boxes take the rest. A suggestion: the embedding page decides.
  function wantedHeight(segments) {
    return Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, 150 + 30 * segments)));
  }

  function postResize(height) {
    post('resize', { height });
    // Canvas LMS resizes an LTI tool's iframe on this message (its own convention).
    if (pinned !== null) parent.postMessage({ subject: 'lti.frameResize', height }, targetOrigin());
  }

  function checkState(force) {
    if (!tcpviz.ready) return;
    const s = tcpviz.state();
    if (s.segments !== lastSegments) {
      lastSegments = s.segments;
      postResize(wantedHeight(s.segments));
    }
    const changed = !last || s.t_ms !== last.t_ms || s.playing !== last.playing
      || s.client !== last.client || s.server !== last.server || s.end_ms !== last.end_ms;
    const now = performance.now();
    if (!changed || (!force && s.playing && now - lastPostedAt < STATE_EVERY_MS)) return;
    const wasPlaying = last ? last.playing : false;
    post('state', { t_ms: s.t_ms, end_ms: s.end_ms, playing: s.playing, client: s.client, server: s.server });
    last = s;
    lastPostedAt = now;
    if (wasPlaying && !s.playing && s.t_ms >= s.end_ms) post('ended', { t_ms: s.t_ms });
  }

  tcpviz.whenReady().then(() => {
    post('ready', { version: tcpviz.version });
    checkState(true);
    setInterval(() => checkState(false), STATE_EVERY_MS / 2);
  }, () => {
    post('error', { message: tcpviz.error || 'tcpviz could not start', about: null });
  });
})();
