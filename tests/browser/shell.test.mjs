// Browser test of the web app shell in headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core; WebGL2 in software through SwiftShader).
//   node tests/browser/shell.test.mjs          (after the wasm build wrote public/tcpviz.*)
// Serves public/ on a free loopback port, loads the page and checks: window.tcpviz becomes
// ready with the core's version, a tcpviz:ready event fires, the canvas really shows the
// shell (pixel variety in a screenshot), no console errors, no requests leave the page's own
// origin; and that each failure mode (no WebAssembly, no WebGL2, missing .wasm) is shown in
// the page. Then the app itself (app_tests.mjs): presets, real clicks and drags on the ladder,
// the URL hash, languages. Screenshots go to build/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { decodePng, colourStats } from './png.mjs';
// Test modules: one import here and one spread line in `tests` below each.
import { appTests } from './app_tests.mjs';
import { captureTests } from './capture_tests.mjs';
import { embedTests } from './embed_tests.mjs';
import { offlineTests } from './offline_tests.mjs';
import { a11yTests } from './a11y_tests.mjs';
import { lessonsTests } from './lessons_tests.mjs';
import { phoneTests } from './phone_tests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// TCPVIZ_PUBLIC_DIR: test a web build written elsewhere (cmake -DTCPVIZ_WEB_OUT_DIR=...).
const publicDir = process.env.TCPVIZ_PUBLIC_DIR ? path.resolve(process.env.TCPVIZ_PUBLIC_DIR) : path.join(root, 'public');
const shotDir = path.join(root, 'build', 'screenshots');
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const READY_TIMEOUT_MS = 60_000;

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// A canvas that shows the shell has text, boxes and lines: many colours, no single colour
// covering (almost) everything. A blank or cleared canvas has one or two colours.
function canvasLooksDrawn(png) {
  const stats = colourStats(decodePng(png));
  return { drawn: stats.distinct >= 8 && stats.dominantShare < 0.995, ...stats };
}

// contextOptions: more Playwright context options (reducedMotion, contrast, ...).
async function openPage(browser, baseUrl, { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1,
  initScript = null, routeWasm = null, query = '', contextOptions = {} } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, ...contextOptions });
  const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [] };
  // The page must make no network calls of its own: anything off our origin is blocked and reported.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl)) return route.continue();
    problems.foreignRequests.push(url);
    return route.abort();
  });
  if (routeWasm) await context.route('**/tcpviz.wasm', routeWasm);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('requestfailed', (req) => problems.failedRequests.push(`${req.url()} ${req.failure()?.errorText}`));
  await page.addInitScript(() => {
    window.__tcpvizReadyEvents = [];
    window.addEventListener('tcpviz:ready', (e) => window.__tcpvizReadyEvents.push(e.detail));
  });
  if (initScript) await page.addInitScript(initScript);
  const responses = new Map();
  page.on('response', (res) => responses.set(new URL(res.url()).pathname, res));
  // query: '?a=b#hash' after the page's address; requests stay checked against baseUrl.
  await page.goto(baseUrl + query, { waitUntil: 'load' });
  return { context, page, problems, responses };
}

async function waitReady(page) {
  await page.waitForFunction(() => window.tcpviz && (window.tcpviz.ready || window.tcpviz.error),
    null, { timeout: READY_TIMEOUT_MS });
  const state = await page.evaluate(() => ({
    ready: window.tcpviz.ready, version: window.tcpviz.version, error: window.tcpviz.error,
    events: window.__tcpvizReadyEvents,
  }));
  assert(!state.error, `page reported an error: ${state.error}`);
  assert(state.ready === true, 'window.tcpviz.ready is not true');
  return state;
}

function assertClean(problems) {
  assert(problems.consoleErrors.length === 0, `console errors: ${problems.consoleErrors.join(' | ')}`);
  assert(problems.pageErrors.length === 0, `page errors: ${problems.pageErrors.join(' | ')}`);
  assert(problems.foreignRequests.length === 0, `requests off the page's origin: ${problems.foreignRequests.join(' ')}`);
  assert(problems.failedRequests.length === 0, `failed requests: ${problems.failedRequests.join(' ')}`);
}

async function expectErrorShown(browser, baseUrl, options, pattern) {
  const { context, page, problems } = await openPage(browser, baseUrl, options);
  try {
    await page.waitForSelector('#error:not([hidden])', { timeout: READY_TIMEOUT_MS });
    const message = await page.textContent('#error');
    assert(pattern.test(message), `error message ${JSON.stringify(message)} does not match ${pattern}`);
    assert(await page.isHidden('#status'), 'the loading indicator is still shown next to the error');
    const state = await page.evaluate(async () => {
      try {
        await window.tcpviz.whenReady();
        return { ready: window.tcpviz.ready, rejected: false };
      } catch (e) {
        return { ready: window.tcpviz.ready, rejected: true };
      }
    });
    assert(state.rejected && !state.ready, 'whenReady() did not reject after a failure');
    assert(problems.pageErrors.length === 0, `page errors: ${problems.pageErrors.join(' | ')}`);
    return message.replace(/\s+/g, ' ').trim();
  } finally {
    await context.close();
  }
}

// What every test module gets: appTests(helpers) etc. return [name, run(browser, baseUrl)] pairs.
const helpers = { assert, openPage, waitReady, assertClean, canvasLooksDrawn, shotDir, publicDir, chromiumArgs: CHROMIUM_ARGS };

const tests = [
  ['loads, becomes ready with the core version, and draws the shell', async (browser, baseUrl) => {
    const { context, page, problems, responses } = await openPage(browser, baseUrl);
    try {
      const state = await waitReady(page);
      assert(/^\d+\.\d+\.\d+/.test(state.version ?? ''), `version ${JSON.stringify(state.version)} is not x.y.z`);
      assert(state.events.length === 1 && state.events[0].version === state.version,
        `expected one tcpviz:ready event with the version, got ${JSON.stringify(state.events)}`);
      assert(await page.evaluate(() => window.tcpviz.whenReady().then((t) => t.ready)), 'whenReady() did not resolve');
      assert(await page.isHidden('#status'), 'the loading indicator is still visible');
      assert(await page.isHidden('#error'), 'the error box is visible');
      const wasmType = responses.get('/tcpviz.wasm')?.headers()['content-type'];
      assert(wasmType === 'application/wasm', `tcpviz.wasm served as ${wasmType}`);
      await page.waitForTimeout(500); // a few more frames
      const canvas = await page.$('#canvas');
      const box = await canvas.boundingBox();
      assert(box.width === 1280 && box.height === 800, `canvas is ${box.width}x${box.height}, not the full window`);
      const look = canvasLooksDrawn(await canvas.screenshot());
      assert(look.drawn, `the canvas looks blank (${look.distinct} colours, top one ${(look.dominantShare * 100).toFixed(1)}%)`);
      fs.mkdirSync(shotDir, { recursive: true });
      await page.screenshot({ path: path.join(shotDir, 'shell.png') });
      assertClean(problems);
      return `version ${state.version}, ${look.distinct} colours; build/screenshots/shell.png`;
    } finally {
      await context.close();
    }
  }],
  ['renders at a phone-sized viewport with devicePixelRatio 2', async (browser, baseUrl) => {
    const { context, page, problems } = await openPage(browser, baseUrl,
      { viewport: { width: 412, height: 800 }, deviceScaleFactor: 2 });
    try {
      await waitReady(page);
      await page.waitForTimeout(300);
      const size = await page.evaluate(() => {
        const c = document.getElementById('canvas');
        return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight };
      });
      assert(size.cssW === 412 && size.cssH === 800, `canvas CSS size ${size.cssW}x${size.cssH}`);
      assert(size.w === 824 && size.h === 1600, `canvas buffer ${size.w}x${size.h}, expected 824x1600`);
      const look = canvasLooksDrawn(await (await page.$('#canvas')).screenshot());
      assert(look.drawn, `the canvas looks blank (${look.distinct} colours)`);
      await page.screenshot({ path: path.join(shotDir, 'shell-phone.png') });
      assertClean(problems);
      return `buffer ${size.w}x${size.h}; build/screenshots/shell-phone.png`;
    } finally {
      await context.close();
    }
  }],
  ['the pixel check tells a blank canvas apart (negative control)', async (browser, baseUrl) => {
    const { context, page } = await openPage(browser, baseUrl);
    try {
      await waitReady(page);
      await page.addStyleTag({ content: '#canvas { opacity: 0 !important; }' });
      await page.waitForTimeout(100);
      const look = canvasLooksDrawn(await (await page.$('#canvas')).screenshot());
      assert(!look.drawn, `a hidden canvas was judged drawn (${look.distinct} colours)`);
      return `${look.distinct} colour(s) when blank`;
    } finally {
      await context.close();
    }
  }],
  ['shows an error in the page when WebGL2 is unavailable', (browser, baseUrl) =>
    expectErrorShown(browser, baseUrl, {
      initScript: () => {
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
          return type === 'webgl2' ? null : original.call(this, type, ...rest);
        };
      },
    }, /WebGL2/)],
  ['shows an error in the page when WebAssembly is missing', (browser, baseUrl) =>
    expectErrorShown(browser, baseUrl, { initScript: () => { delete window.WebAssembly; } }, /WebAssembly/)],
  ['shows an error in the page when tcpviz.wasm cannot be loaded', (browser, baseUrl) =>
    expectErrorShown(browser, baseUrl, {
      routeWasm: (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }),
    }, /could not|stopped/i)],
  ...appTests(helpers),
  ...captureTests(helpers),
  ...embedTests(helpers),
  ...offlineTests(helpers),
  ...a11yTests(helpers),
  ...lessonsTests(helpers),
  ...phoneTests(helpers),
];

async function main() {
  const pageFiles = ['index.html', 'tcpviz-page.js', 'tcpviz-lessons.js', 'tcpviz-captures.js', 'tcpviz-messages.js'];
  for (const file of [...pageFiles, 'tcpviz.js', 'tcpviz.wasm']) {
    if (!fs.existsSync(path.join(publicDir, file))) {
      console.error(`browser test: public/${file} is missing (build the wasm app first)`);
      process.exit(1);
    }
  }
  const { server, url } = await startServer({ root: publicDir, port: 0, quiet: true });
  // launch() runs Chromium on a fresh temporary --user-data-dir that it deletes on close.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  let failed = 0;
  try {
    // TCPVIZ_BROWSER_ONLY=<text>: run only the tests whose name contains it (for iterating).
    const only = process.env.TCPVIZ_BROWSER_ONLY ?? '';
    for (const [name, run] of tests.filter(([n]) => n.includes(only))) {
      const started = Date.now();
      try {
        const note = await run(browser, url);
        console.log(`  ok   ${name} (${Date.now() - started} ms)${note ? ` - ${note}` : ''}`);
      } catch (err) {
        failed += 1;
        console.log(`  FAIL ${name} (${Date.now() - started} ms)\n       ${err.message}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const ran = tests.filter(([n]) => n.includes(process.env.TCPVIZ_BROWSER_ONLY ?? '')).length;
  console.log(`browser: ${ran - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
