// tcpviz page glue (hand-written; the build writes tcpviz.js + tcpviz.wasm next to it).
//
// Checks that the browser can run the app, loads the Emscripten module, and publishes the
// scripting interface of SCENARIO_FORMAT.md ("Scripting interfaces"):
//   window.tcpviz = { ready, version, module, error, whenReady(), presets(), trace(), layout(),
//                     load(x), seek(ms), play(), pause(), state(), link(), setReducedMotion(on) }
// and a `tcpviz:ready` event on window once the first frames are drawn. It reads the URL
// (?s=, #<scenario link>, lang, embed, autoplay, speed, t, theme, motion), follows the
// browser's prefers-reduced-motion and prefers-contrast, keeps the hash a link to what is on
// screen, and mirrors the narration into #tcpviz-narration. Problems are shown in the page
// itself. No network access beyond fetching tcpviz.js and tcpviz.wasm from this page's own
// directory, no threads: any static host works. The offline single file
// (scripts/build_single_file.mjs) inlines tcpviz.js and the wasm; start() then uses those.
//
// The page's other scripts, loaded after this one by plain <script> tags in index.html, each
// with one job: tcpviz-lessons.js (window.tcpviz.lessons and .predict), tcpviz-captures.js
// (open, drop and save capture files) and tcpviz-messages.js (postMessage for embedding
// pages, on top of window.tcpviz only).
(function () {
  'use strict';

  // Features in their own files register through the page's one other global:
  //   window.tcpvizPage.extend({ install(tcpviz, page) {...}, sync() {...} })
  // install runs once the module is loaded (before the URL is applied); it may add methods to
  // window.tcpviz, and page holds this file's helpers: callString, callWithText,
  // requireModule, nextFrame, sync and showNotice. sync() runs with the page's own sync, a few
  // times a second. A feature registered after the install point (a script added later) is
  // installed at once.
  const extensions = [];
  let extensionsInstalled = false;
  window.tcpvizPage = Object.freeze({
    extend(extension) {
      extensions.push(extension);
      if (extensionsInstalled && extension.install) extension.install(tcpviz, pageHelpers());
    },
  });

  // The feature scripts come after this one, so they have all registered once the document is
  // parsed (DOMContentLoaded also waits for defer scripts). Waited for only after the module
  // has loaded, so the download of tcpviz.js and the wasm is not held up.
  const documentParsed = document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();

  let resolveReady;
  let rejectReady;
  const readyPromise = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  readyPromise.catch(() => {}); // a failure is shown in the page; callers may still catch it

  const tcpviz = {
    ready: false,
    version: null,
    module: null,
    error: null,
    whenReady: () => readyPromise,
  };
  window.tcpviz = tcpviz;

  const status = document.getElementById('status');
  const canvas = document.getElementById('canvas');

  function fail(message, detail) {
    if (tcpviz.error) return; // keep the first, most specific message
    tcpviz.error = message;
    tcpviz.ready = false;
    status.hidden = true;
    const box = document.getElementById('error');
    document.getElementById('error-message').textContent = message;
    const detailElement = document.getElementById('error-detail');
    detailElement.hidden = !detail;
    detailElement.querySelector('code').textContent = detail ? String(detail) : '';
    box.hidden = false;
    rejectReady(new Error(detail ? `${message} (${detail})` : message));
  }

  function supportsWebAssembly() {
    return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
  }

  // Probe on a throw-away canvas so the app's own canvas gets the context attributes it asks for.
  function supportsWebGL2() {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return false;
      const lose = gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
      return true;
    } catch (e) {
      return false;
    }
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(script);
    });
  }

  // The next animation frame, or 250 ms, whichever comes first: browsers pause animation
  // frames in hidden tabs and in cross-origin iframes scrolled out of view (a course page's
  // second diagram, or any iframe on disk), and the page must still become ready there.
  const nextFrame = () => new Promise((resolve) => {
    requestAnimationFrame(resolve);
    setTimeout(resolve, 250);
  });

  function base64ToBytes(text) {
    const binary = atob(text.replace(/\s+/g, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  async function start() {
    if (!supportsWebAssembly()) {
      fail('This browser does not support WebAssembly, which tcpviz needs.',
           'Try a current version of Firefox, Chrome, Edge or Safari.');
      return;
    }
    if (!supportsWebGL2()) {
      fail('WebGL2 is not available, which tcpviz needs to draw.',
           'Hardware acceleration may be turned off in the browser settings, or the graphics driver is blocked.');
      return;
    }
    // The single-file build has already defined createTcpvizModule inline.
    if (typeof window.createTcpvizModule !== 'function') {
      try {
        await loadScript('tcpviz.js');
      } catch (e) {
        fail('The tcpviz program could not be downloaded.', e.message);
        return;
      }
    }
    if (typeof window.createTcpvizModule !== 'function') {
      fail('The tcpviz program is damaged.', 'tcpviz.js did not define createTcpvizModule');
      return;
    }
    const moduleArgs = {
      canvas,
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
      onAbort: (what) => fail('tcpviz stopped unexpectedly.', what),
      onFatal: (what) => fail('tcpviz could not start.', what),
    };
    // Offline single file: the wasm is inlined as base64; handing Emscripten the bytes as
    // wasmBinary means it never fetches tcpviz.wasm (which file:// would refuse).
    const inlineWasm = document.getElementById('tcpviz-wasm-base64');
    if (inlineWasm) {
      try {
        moduleArgs.wasmBinary = base64ToBytes(inlineWasm.textContent);
      } catch (e) {
        fail('The tcpviz program is damaged.', 'the inlined WebAssembly is not valid base64');
        return;
      }
      inlineWasm.remove(); // several MB of text the page no longer needs
    }
    let module;
    try {
      module = await window.createTcpvizModule(moduleArgs);
    } catch (e) {
      fail('The tcpviz program could not be loaded.', e && e.message ? e.message : e);
      return;
    }
    if (tcpviz.error) return;
    await documentParsed;
    // Let the main loop draw its first frames before announcing readiness.
    await nextFrame();
    await nextFrame();
    if (tcpviz.error) return;
    tcpviz.module = module;
    tcpviz.version = module.UTF8ToString(module._tcpviz_version());
    installApi();
    extensionsInstalled = true;
    for (const ext of extensions) if (ext.install) ext.install(tcpviz, pageHelpers());
    applyUrl();
    await nextFrame();
    await nextFrame();
    if (tcpviz.error) return;
    startSync();
    tcpviz.ready = true;
    status.hidden = true;
    // In an iframe, taking focus would pull it away from the embedding page.
    if (window.parent === window) canvas.focus({ preventScroll: true });
    resolveReady(tcpviz);
    window.dispatchEvent(new CustomEvent('tcpviz:ready', { detail: { version: tcpviz.version } }));
    installMotionToggle(); // after tcpviz:ready, whose listeners add the other page buttons
  }

  // --- The scripting interface (SCENARIO_FORMAT.md, "Scripting interfaces") ---

  // Calls an entry point that returns a string. The C++ side owns the buffer until its next
  // call, so it is copied out at once.
  function callString(name, ...args) {
    return tcpviz.module.UTF8ToString(tcpviz.module[`_${name}`](...args));
  }

  // Calls an entry point that takes (pointer, length) of UTF-8 text.
  function callWithText(name, text) {
    const m = tcpviz.module;
    const bytes = new TextEncoder().encode(String(text));
    const ptr = m._malloc(bytes.length + 1);
    try {
      m.HEAPU8.set(bytes, ptr); // read HEAPU8 after _malloc: memory growth replaces it
      m.HEAPU8[ptr + bytes.length] = 0;
      return m[`_${name}`](ptr, bytes.length);
    } finally {
      m._free(ptr);
    }
  }

  function requireModule() {
    if (!tcpviz.module) throw new Error('tcpviz is not ready yet (await tcpviz.whenReady())');
  }

  // A small button fixed at the top right, over the canvas, labelled in the page's language
  // (syncPageLanguage relabels it from data-label-en / data-label-zh on a switch).
  function topButton(id, labelEn, labelZh, title) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = id;
    button.dataset.labelEn = labelEn;
    button.dataset.labelZh = labelZh;
    button.textContent = document.documentElement.lang === 'zh' ? labelZh : labelEn;
    button.title = title;
    button.style.cssText = 'position:fixed;top:2px;right:8px;z-index:2;padding:1px 8px;font:12px system-ui,sans-serif;'
      + 'color:#e6ebf5;background:#2d3c5a;border:1px solid #4a5d80;border-radius:4px;cursor:pointer;';
    return button;
  }

  // What install(tcpviz, page) of a feature script gets (window.tcpvizPage.extend above).
  function pageHelpers() {
    return Object.freeze({ callString, callWithText, requireModule, nextFrame, sync, showNotice, topButton });
  }

  const narrationElement = document.getElementById('tcpviz-narration');
  let lastLink = null; // the scenario link last written to (or read from) the hash

  // The region's lang follows its text, so a screen reader picks the right voice even when
  // the user switches language in the app's menu rather than with ?lang=.
  function syncNarration() {
    const text = callString('tcpviz_narration_text');
    if (!narrationElement || narrationElement.textContent === text) return;
    narrationElement.textContent = text;
    narrationElement.lang = /[\u3400-\u9fff]/.test(text) ? 'zh' : 'en';
    syncPageLanguage(narrationElement.lang);
  }

  // The page's own buttons speak the app's language: each carries data-label-en/-zh, and the
  // document's lang follows the narration (so a switch in the app's View menu relabels them).
  function syncPageLanguage(lang) {
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-label-en][data-label-zh]')) {
      const label = el.dataset[lang === 'zh' ? 'labelZh' : 'labelEn'];
      if (el.textContent !== label) el.textContent = label;
    }
  }

  // After a call that moves the playhead, mirror the narration once the app has drawn it.
  const syncSoon = () => requestAnimationFrame(() => requestAnimationFrame(sync));

  // The address bar is always a link to exactly what is on screen (replaceState: no reload,
  // no history entry per edit).
  function syncHash() {
    const link = callString('tcpviz_scenario_link');
    if (link === lastLink) return;
    const first = lastLink === null;
    lastLink = link;
    if (first && !location.hash) return; // a plain ?s= lesson needs no hash until it is edited
    history.replaceState(history.state, '', `${location.pathname}${location.search}#${link}`);
  }

  function sync() {
    if (!tcpviz.module || tcpviz.error) return;
    syncNarration();
    syncHash();
    for (const ext of extensions) if (ext.sync) ext.sync();
  }

  function showNotice(message) {
    const notice = document.getElementById('notice');
    if (!notice) return;
    notice.querySelector('span').textContent = message;
    notice.hidden = false;
  }

  // Loads a preset id or a scenario object; throws with the parser's message on failure.
  function loadNow(x) {
    requireModule();
    let rc;
    if (typeof x === 'string') {
      rc = callWithText('tcpviz_load_preset', x);
    } else if (x && typeof x === 'object') {
      rc = callWithText('tcpviz_load_scenario_json', JSON.stringify(x));
    } else {
      throw new Error('load() takes a preset id or a scenario object');
    }
    if (rc !== 0) throw new Error(callString('tcpviz_last_error'));
  }

  function installApi() {
    const api = {
      presets: () => {
        requireModule();
        return JSON.parse(callString('tcpviz_presets_json'));
      },
      trace: () => {
        requireModule();
        return JSON.parse(callString('tcpviz_trace_json'));
      },
      // The ladder in CSS pixels relative to the canvas element's top-left corner. ImGui works
      // in the SDL window's units, which are the canvas' CSS pixels (the drawing buffer is
      // devicePixelRatio times larger); the snapshot is relative to the ladder's own canvas
      // inside the ImGui window, so its origin is added.
      layout: () => {
        requireModule();
        const snap = JSON.parse(callString('tcpviz_layout_json'));
        const ox = tcpviz.module._tcpviz_ladder_origin_x();
        const oy = tcpviz.module._tcpviz_ladder_origin_y();
        return {
          canvas: { width: canvas.clientWidth, height: canvas.clientHeight },
          ladder: { x: ox, y: oy, width: snap.canvas.width, height: snap.canvas.height },
          segments: snap.segments.map((g) => ({
            id: g.id, x1: g.x1 + ox, y1: g.y1 + oy, x2: g.x2 + ox, y2: g.y2 + oy, dropped: g.dropped,
          })),
          bands: snap.bands.map((b) => ({ who: b.who, state: b.state, x: b.x + ox, y1: b.y1 + oy, y2: b.y2 + oy })),
        };
      },
      // Resolves once the new trace is drawn (two animation frames later).
      load: async (x) => {
        loadNow(x);
        await nextFrame();
        await nextFrame();
        sync();
      },
      seek: (ms) => {
        requireModule();
        tcpviz.module._tcpviz_seek(Number(ms) || 0);
        syncSoon();
      },
      play: () => {
        requireModule();
        tcpviz.module._tcpviz_play();
        syncSoon();
      },
      pause: () => {
        requireModule();
        tcpviz.module._tcpviz_pause();
        syncSoon();
      },
      // true: less motion (no flying segments, the playhead steps); false: full motion;
      // null: follow the browser's prefers-reduced-motion again.
      setReducedMotion: (on) => {
        requireModule();
        motionChoice = on === null || on === undefined ? null : Boolean(on);
        applyMotion();
      },
      // { t_ms, playing, client, server, end_ms, segments, reduced_motion }: the playhead,
      // both sides' states, where playback ends, the trace's size and the app's motion mode.
      state: () => {
        requireModule();
        return JSON.parse(callString('tcpviz_state_json'));
      },
      // The hash (without '#') that reopens the scenario on screen.
      link: () => {
        requireModule();
        return callString('tcpviz_scenario_link');
      },
    };
    Object.assign(tcpviz, api);
  }

  // --- Motion and contrast (the browser's accessibility preferences) ---

  // Reduced motion: ?motion=reduce|full, setReducedMotion() or the user's own toggle (the
  // "Reduce motion" button, remembered in localStorage) win; otherwise the media query,
  // followed live (the user may change the system setting while the page is open).
  const reducedMotionQuery = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  const MOTION_KEY = 'tcpviz.motion';
  let motionChoice = null; // null: follow the media query

  function storedMotion() {
    try {
      return { reduce: true, full: false }[localStorage.getItem(MOTION_KEY)] ?? null;
    } catch (e) {
      return null; // storage blocked (privacy settings, sandboxed frames)
    }
  }

  function applyMotion() {
    if (!tcpviz.module) return;
    const reduce = motionChoice ?? Boolean(reducedMotionQuery && reducedMotionQuery.matches);
    tcpviz.module._tcpviz_set_reduced_motion(reduce ? 1 : 0);
    document.documentElement.classList.toggle('reduced-motion', reduce);
    const toggle = document.getElementById('tcpviz-motion-toggle');
    if (toggle) toggle.setAttribute('aria-pressed', String(reduce));
  }

  // The user's toggle: a real button (keyboard, screen readers), top right, left of any other
  // page button there. Not in embed mode: the embedding page passes ?motion= instead.
  function installMotionToggle() {
    if (new URLSearchParams(location.search).get('embed') === '1') return;
    const button = topButton('tcpviz-motion-toggle', 'Reduce motion', '减少动画',
                             'Less motion: segments do not fly, playback steps from event to event');
    button.addEventListener('click', () => {
      motionChoice = button.getAttribute('aria-pressed') !== 'true';
      try {
        localStorage.setItem(MOTION_KEY, motionChoice ? 'reduce' : 'full');
      } catch (e) { /* not remembered, still applied */ }
      applyMotion();
    });
    document.body.appendChild(button);
    applyMotion();
    // Sit left of the other top-right buttons (they appear on tcpviz:ready). Where that would
    // cover the app's menus (a phone), leave it out: the system setting still applies there.
    const place = () => {
      button.hidden = false;
      const others = [...document.querySelectorAll('body > button')]
        .filter((b) => b !== button && !b.hidden && getComputedStyle(b).position === 'fixed');
      const left = Math.min(innerWidth, ...others.map((b) => b.getBoundingClientRect().left));
      button.style.right = `${Math.max(8, innerWidth - left + 6)}px`;
      button.hidden = button.getBoundingClientRect().left < kMenuBarPx;
    };
    requestAnimationFrame(place);
    window.addEventListener('resize', place);
  }
  const kMenuBarPx = 240; // the app's File/View/Lessons/Help menus at the top left

  // theme=contrast (or high-contrast) picks the high-contrast theme; without a theme= the
  // browser's prefers-contrast: more or forced-colors: active picks it too.
  function themeFromUrl(params) {
    const named = { dark: 0, light: 1, contrast: 2, 'high-contrast': 2 }[params.get('theme')];
    if (named !== undefined) return named;
    const wantsContrast = (q) => Boolean(window.matchMedia && window.matchMedia(q).matches);
    return wantsContrast('(prefers-contrast: more)') || wantsContrast('(forced-colors: active)') ? 2 : -1;
  }

  // URL parameters (SCENARIO_FORMAT.md, "Links and embedding"). The hash wins over ?s=; a bad
  // hash or preset is reported in the page and the normal lesson shown instead.
  function applyUrl() {
    const params = new URLSearchParams(location.search);
    const lang = { en: 0, zh: 1 }[params.get('lang')] ?? -1;
    const theme = themeFromUrl(params);
    motionChoice = { reduce: true, full: false }[params.get('motion')] ?? storedMotion();
    applyMotion();
    if (reducedMotionQuery && reducedMotionQuery.addEventListener) {
      reducedMotionQuery.addEventListener('change', applyMotion);
    }
    const embed = params.has('embed') ? (params.get('embed') === '1' ? 1 : 0) : -1;
    const speed = Number(params.get('speed'));
    tcpviz.module._tcpviz_set_options(lang, theme, embed, Number.isFinite(speed) && speed > 0 ? speed : 0);
    if (lang === 1) document.documentElement.lang = 'zh';

    const hash = location.hash.replace(/^#/, '');
    let loaded = false;
    if (hash) {
      if (callWithText('tcpviz_load_link', hash) === 0) {
        loaded = true;
      } else {
        showNotice(`The scenario in this link could not be opened: ${callString('tcpviz_last_error')}`);
        history.replaceState(history.state, '', `${location.pathname}${location.search}`);
      }
    }
    if (!loaded && params.get('s')) {
      try {
        loadNow(params.get('s'));
      } catch (e) {
        showNotice(`No lesson called "${params.get('s')}": ${e.message}`);
        loadNow('normal');
      }
    } else if (!loaded && hash) {
      loadNow('normal');
    }
    const t = Number(params.get('t'));
    if (params.has('t') && Number.isFinite(t) && t >= 0) tcpviz.module._tcpviz_seek(t);
    if (params.get('autoplay') === '1') tcpviz.module._tcpviz_play();
  }

  // SDL prevents the browser's default for Tab on every keydown, which would trap keyboard
  // users in the canvas (and in an embedding page's iframe). The app does not use Tab, so it
  // is stopped before SDL's listener on window sees it and the browser moves focus on.
  window.addEventListener('keydown', (event) => {
    if (event.key === 'Tab') event.stopImmediatePropagation();
  }, true);

  // A few times a second (and after each input) mirror the narration and the hash. A hash the
  // user pastes in is opened.
  function startSync() {
    sync();
    setInterval(sync, 250);
    for (const type of ['pointerup', 'keyup', 'wheel']) {
      canvas.addEventListener(type, () => requestAnimationFrame(() => requestAnimationFrame(sync)));
    }
    window.addEventListener('hashchange', () => {
      const hash = location.hash.replace(/^#/, '');
      if (!hash || hash === lastLink) return;
      if (callWithText('tcpviz_load_link', hash) === 0) {
        lastLink = hash;
        document.getElementById('notice').hidden = true;
      } else {
        showNotice(`The scenario in this link could not be opened: ${callString('tcpviz_last_error')}`);
      }
    });
  }

  start().catch((e) => fail('tcpviz could not start.', e && e.message ? e.message : e));
})();
