// Browser tests of the offline single file (scripts/build_single_file.mjs; README "For course
// authors"): tcpviz.html opened from a file:// URL with no server becomes ready, loads a
// preset and draws it, without a single request off the disk; and embed.html opened from
// disk drives two copies of it. The file is (re)built into the tested public folder first.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { buildSingleFile } from '../../scripts/build_single_file.mjs';

const READY_TIMEOUT_MS = 90_000;

export function offlineTests(h) {
  const { assert, canvasLooksDrawn, publicDir, shotDir } = h;

  // Opens a file:// page; every request that is not file: or data: is blocked and recorded.
  async function openFile(browser, file, query = '') {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const problems = { consoleErrors: [], pageErrors: [], offDisk: [] };
    await context.route(/^(https?|wss?):/, (route) => {
      problems.offDisk.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on('request', (req) => {
      if (!/^(file|data|blob):/.test(req.url())) problems.offDisk.push(req.url());
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
    await page.goto(pathToFileURL(file).href + query, { waitUntil: 'load' });
    return { context, page, problems };
  }

  function assertOffline(problems) {
    assert(problems.consoleErrors.length === 0, `console errors: ${problems.consoleErrors.join(' | ')}`);
    assert(problems.pageErrors.length === 0, `page errors: ${problems.pageErrors.join(' | ')}`);
    assert(problems.offDisk.length === 0, `requests off the disk: ${problems.offDisk.join(' ')}`);
  }

  let built = null; // { file, bytes, gzip }
  function ensureBuilt() {
    if (built) return built;
    const html = buildSingleFile(publicDir);
    const file = path.join(publicDir, 'tcpviz.html');
    fs.writeFileSync(file, html);
    built = { file, bytes: Buffer.byteLength(html), gzip: zlib.gzipSync(Buffer.from(html), { level: 9 }).length };
    return built;
  }

  const kib = (n) => `${Math.round(n / 1024)} KiB`;

  return [
    ['the offline single file works from file:// with no server (ready, a preset loads, trace has segments)',
      async (browser) => {
        const { file, bytes, gzip } = ensureBuilt();
        const { context, page, problems } = await openFile(browser, file, '?s=syn-lost');
        try {
          await page.waitForFunction(() => window.tcpviz && (window.tcpviz.ready || window.tcpviz.error),
            null, { timeout: READY_TIMEOUT_MS });
          const error = await page.evaluate(() => window.tcpviz.error);
          assert(!error, `the single file reported: ${error}`);
          const first = await page.evaluate(() => window.tcpviz.trace());
          assert(first.scenario && first.segments.some((s) => s.fate === 'dropped'), '?s=syn-lost did not open the lesson');
          const tr = await page.evaluate(async () => {
            await window.tcpviz.load('normal');
            return window.tcpviz.trace();
          });
          assert(tr.version === 1 && tr.segments.length > 0, `trace() after load('normal') has ${tr.segments?.length} segments`);
          const look = canvasLooksDrawn(await (await page.$('#canvas')).screenshot());
          assert(look.drawn, `the canvas looks blank (${look.distinct} colours)`);
          const scripts = await page.evaluate(() => [...document.scripts].filter((s) => s.src).length);
          assert(scripts === 0, `${scripts} external script(s) in the single file`);
          await page.screenshot({ path: path.join(shotDir, 'offline.png') });
          assertOffline(problems);
          return `${kib(bytes)}, gzip -9 ${kib(gzip)}; ${tr.segments.length} segments; build/screenshots/offline.png`;
        } finally {
          await context.close();
        }
      }],

    ['embed.html opened from disk drives two offline iframes', async (browser) => {
      ensureBuilt();
      const { context, page, problems } = await openFile(browser, path.join(publicDir, 'embed.html'));
      try {
        await page.waitForFunction(() => ['first', 'second'].every((f) =>
          window.tcpvizEvents.some((e) => e.frame === f && e.type === 'ready')), null, { timeout: READY_TIMEOUT_MS });
        const src = await page.getAttribute('#first', 'src');
        assert(/^tcpviz\.html\?/.test(src), `from disk the iframe should load tcpviz.html, not ${src}`);
        // Cross-origin iframes out of view get no animation frames (file:// pages are each
        // their own origin), so playback only moves once the diagram is on screen.
        await page.locator('#second').scrollIntoViewIfNeeded();
        const since = await page.evaluate(() => window.tcpvizEvents.length);
        await page.click('[data-for="second"] button[data-send="play"]');
        await page.waitForFunction((n) => window.tcpvizEvents.slice(n).some((e) => e.frame === 'second'
          && e.type === 'state' && e.playing), since, { timeout: 20_000 });
        await page.click('[data-for="second"] button[data-send="pause"]');
        await page.waitForFunction((n) => window.tcpvizEvents.slice(n).some((e) => e.frame === 'second'
          && e.type === 'state' && !e.playing && e.t_ms > 0), since, { timeout: 20_000 });
        const types = [...new Set(await page.evaluate(() => window.tcpvizEvents.map((e) => e.type)))];
        assert(types.includes('resize'), `no resize from disk (${types})`);
        assertOffline(problems);
        return `events: ${types.join(', ')}`;
      } finally {
        await context.close();
      }
    }],
  ];
}
