// tcpviz page glue (hand-written; the build writes tcpviz.js + tcpviz.wasm next to it).
//
// Checks that the browser can run the app, loads the Emscripten module, and publishes
//   window.tcpviz = { ready, version, module, error, whenReady() }
// and a `tcpviz:ready` event on window once the first frames are drawn. Problems are shown in
// the page itself. No network access beyond fetching tcpviz.js and tcpviz.wasm from this
// page's own directory, no threads: any static host works.
(function () {
  'use strict';

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

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

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
    try {
      await loadScript('tcpviz.js');
    } catch (e) {
      fail('The tcpviz program could not be downloaded.', e.message);
      return;
    }
    if (typeof window.createTcpvizModule !== 'function') {
      fail('The tcpviz program is damaged.', 'tcpviz.js did not define createTcpvizModule');
      return;
    }
    let module;
    try {
      module = await window.createTcpvizModule({
        canvas,
        print: (text) => console.log(text),
        printErr: (text) => console.warn(text),
        onAbort: (what) => fail('tcpviz stopped unexpectedly.', what),
        onFatal: (what) => fail('tcpviz could not start.', what),
      });
    } catch (e) {
      fail('The tcpviz program could not be loaded.', e && e.message ? e.message : e);
      return;
    }
    if (tcpviz.error) return;
    // Let the main loop draw its first frames before announcing readiness.
    await nextFrame();
    await nextFrame();
    if (tcpviz.error) return;
    tcpviz.module = module;
    tcpviz.version = module.UTF8ToString(module._tcpviz_version());
    tcpviz.ready = true;
    status.hidden = true;
    canvas.focus({ preventScroll: true });
    resolveReady(tcpviz);
    window.dispatchEvent(new CustomEvent('tcpviz:ready', { detail: { version: tcpviz.version } }));
  }

  start().catch((e) => fail('tcpviz could not start.', e && e.message ? e.message : e));
})();
