// Browser tests of captures in the page (README "Captures in the page and the desktop"): a real
// capture fixture (tests/data/pcap) given to the page's file input, through the "Open capture"
// button's file chooser, or dropped on the page; the connection list (window.tcpviz.connections())
// against what tshark reports for the fixture (tests/data/pcap/README.md); picking a connection
// shows its segments; a broken file is reported in the page with the reader's offset and no
// console error; and "Save as pcap" / "Save scenario" downloads that a pcap reader accepts.
// shell.test.mjs runs these with its page helpers, as it runs app_tests.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name) => path.join(root, 'tests', 'data', 'pcap', name);

// Classic pcap: the magic and the number of records, walked by their lengths (draft-ietf-
// opsawg-pcap: a 24-byte file header, then 16-byte record headers with the captured length at
// offset 8). Our writer is little-endian with microsecond timestamps (core/pcap/pcap_writer.hpp).
function pcapRecords(buf) {
  if (buf.length < 24) throw new Error(`only ${buf.length} bytes`);
  const magic = buf.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4) throw new Error(`magic 0x${magic.toString(16)} is not a little-endian microsecond pcap`);
  let at = 24;
  let n = 0;
  while (at + 16 <= buf.length) {
    const incl = buf.readUInt32LE(at + 8);
    at += 16 + incl;
    if (at > buf.length) throw new Error(`record ${n} runs past the end`);
    n += 1;
  }
  if (at !== buf.length) throw new Error(`${buf.length - at} trailing bytes`);
  return { linkType: buf.readUInt32LE(20), records: n };
}

function tsharkFrames(file) {
  const r = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
  if (r.error) return null; // no tshark on this machine: the record walk above still checked it
  if (r.status !== 0) throw new Error(`tshark rejected ${file}: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter(Boolean).length;
}

export function captureTests(h) {
  const { assert, openPage, waitReady, assertClean, canvasLooksDrawn, shotDir } = h;

  const settle = (page) => page.evaluate(() => new Promise((resolve) => {
    let n = 4;
    const tick = () => (--n ? requestAnimationFrame(tick) : resolve());
    requestAnimationFrame(tick);
  }));

  async function withPage(browser, baseUrl, body, query = '') {
    const opened = await openPage(browser, baseUrl, { query });
    try {
      await waitReady(opened.page);
      return await body(opened);
    } finally {
      await opened.context.close();
    }
  }

  const connections = (page) => page.evaluate(() => window.tcpviz.connections());
  const trace = (page) => page.evaluate(() => window.tcpviz.trace());

  async function waitForCapture(page, name) {
    await page.waitForFunction((n) => {
      const c = window.tcpviz.connections();
      return c.source === 'capture' && c.capture && c.capture.name === n;
    }, name, { timeout: 10_000 });
    await settle(page);
  }

  async function downloadOf(page, call) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(call)]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tcpviz-capture-test-')), download.suggestedFilename());
    await download.saveAs(file);
    return { file, name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  }

  return [
    ['capture: a pcapng given to the file input lists its connections as tshark does, and a pick shows that one',
      async (browser, baseUrl) => withPage(browser, baseUrl, async ({ page, problems }) => {
        await page.setInputFiles('#tcpviz-capture-input', fixture('two-sections.pcapng'));
        await waitForCapture(page, 'two-sections.pcapng');
        const c = await connections(page);
        // tshark -z conv,tcp: 127.0.0.1:51178 <-> :8080 (12 frames, FINs both ways), then
        // 127.0.0.1:56232 <-> :9 and [::1]:41362 <-> :9, each SYN and RST|ACK (refused).
        assert(c.connections.length === 3, `expected 3 connections, got ${c.connections.length}`);
        const [http, v4, v6] = c.connections;
        assert(http.client === '127.0.0.1:51178' && http.server === '127.0.0.1:8080', `first: ${JSON.stringify(http)}`);
        assert(http.status === 'closed' && http.segments === 12, `http: ${http.status}, ${http.segments} segments`);
        assert(http.bytes.to_server === 87 && http.bytes.to_client === 209, `http bytes ${JSON.stringify(http.bytes)}`);
        assert(v4.status === 'reset' && v4.segments === 2 && v4.ended === 'reset', `refused v4: ${JSON.stringify(v4)}`);
        assert(v6.client === '[::1]:41362', `refused v6 client ${v6.client}`);
        assert(c.shown === 0 && http.selected, 'the first connection is not the one shown');
        assert(/Editing is off/.test(c.editing_off), `no reason for editing being off: ${c.editing_off}`);
        let tr = await trace(page);
        assert(tr.segments.length === 12, `trace of #0 has ${tr.segments.length} segments, tshark counts 12`);
        // A capture has no scenario: the lesson shown before must not ride along with its trace.
        assert(tr.scenario === null, `a capture's trace carries a scenario: ${JSON.stringify(tr.scenario)?.slice(0, 80)}`);
        await page.screenshot({ path: path.join(shotDir, 'capture-http.png') });

        await page.evaluate(() => window.tcpviz.showConnection(2));
        await settle(page);
        tr = await trace(page);
        const flags = tr.segments.map((s) => `${s.from}:${s.flags}`);
        assert(JSON.stringify(flags) === JSON.stringify(['client:SYN', 'server:RST|ACK']),
          `connection #2 shows ${JSON.stringify(flags)}`);
        assert((await connections(page)).shown === 2, 'connections().shown did not follow the pick');
        const look = canvasLooksDrawn(await (await page.$('#canvas')).screenshot());
        assert(look.drawn, 'the canvas looks blank after picking a connection');
        await page.screenshot({ path: path.join(shotDir, 'capture-refused-v6.png') });

        let bad = null;
        try {
          await page.evaluate(() => window.tcpviz.showConnection(9));
        } catch (e) {
          bad = e.message;
        }
        assert(bad && /no connection #9/.test(bad), `showConnection(9) gave ${bad}`);
        await page.evaluate(() => window.tcpviz.backToSimulation());
        await settle(page);
        assert((await connections(page)).source === 'simulation', 'backToSimulation() did not go back');
        assertClean(problems);
        return `3 connections; #2 is ${flags.join(', ')}; build/screenshots/capture-*.png`;
      })],

    ['capture: the Open capture button opens the file chooser, and a dropped file opens too',
      async (browser, baseUrl) => withPage(browser, baseUrl, async ({ page, problems }) => {
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#tcpviz-open-capture')]);
        await chooser.setFiles(fixture('http-ipv4.pcap'));
        await waitForCapture(page, 'http-ipv4.pcap');
        assert((await trace(page)).segments.length === 12, 'http-ipv4.pcap: not 12 segments');

        const b64 = fs.readFileSync(fixture('refused.pcapng')).toString('base64');
        await page.evaluate((data) => {
          const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], 'refused.pcapng'));
          document.getElementById('canvas').dispatchEvent(
            new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }, b64);
        await waitForCapture(page, 'refused.pcapng');
        const c = await connections(page);
        assert(c.connections.length === 2 && c.connections.every((x) => x.status === 'reset'),
          `refused.pcapng: ${JSON.stringify(c.connections.map((x) => x.status))}`);
        assertClean(problems);
        return 'button -> file chooser -> http-ipv4.pcap; drop -> refused.pcapng';
      })],

    ['capture: a broken file is reported in the page with the offset, and nothing changes',
      async (browser, baseUrl) => withPage(browser, baseUrl, async ({ page, problems }) => {
        const before = await trace(page);
        await page.setInputFiles('#tcpviz-capture-input', {
          name: 'notes.pcap', mimeType: 'application/octet-stream', buffer: Buffer.from('<html>not a capture</html>'),
        });
        await page.waitForSelector('#notice:not([hidden])', { timeout: 10_000 });
        const notice = (await page.textContent('#notice span')).trim();
        assert(/notes\.pcap/.test(notice) && /offset 0/.test(notice), `notice says ${JSON.stringify(notice)}`);
        assert((await connections(page)).source === 'simulation', 'a broken file left the simulation');
        assert((await trace(page)).segments.length === before.segments.length, 'the trace changed');
        await page.screenshot({ path: path.join(shotDir, 'capture-broken.png') });

        // A capture cut in the middle of a record: the packets before it open, with a warning.
        const cut = fs.readFileSync(fixture('http-ipv4.pcap'));
        await page.setInputFiles('#tcpviz-capture-input', {
          name: 'cut.pcap', mimeType: 'application/octet-stream', buffer: cut.subarray(0, cut.length - 10),
        });
        await waitForCapture(page, 'cut.pcap');
        const c = await connections(page);
        assert(c.capture.info.some((line) => /warning: .*offset \d+/.test(line)), `no warning: ${JSON.stringify(c.capture.info)}`);
        assert(c.connections[0].segments === 11, `cut.pcap: ${c.connections[0].segments} segments, expected 11`);
        assertClean(problems);
        return notice;
      })],

    ['capture: Save as pcap downloads a pcap that tshark reads; Save scenario downloads the lesson',
      async (browser, baseUrl) => withPage(browser, baseUrl, async ({ page, problems }) => {
        await page.setInputFiles('#tcpviz-capture-input', fixture('http-ipv4.pcap'));
        await waitForCapture(page, 'http-ipv4.pcap');
        const captured = await downloadOf(page, () => window.tcpviz.savePcap());
        const walked = pcapRecords(captured.bytes);
        assert(captured.name === 'http-ipv4-conn0.pcap', `suggested name ${captured.name}`);
        assert(walked.records === 12 && walked.linkType === 1, `captured export: ${JSON.stringify(walked)}`);
        const frames = tsharkFrames(captured.file);
        assert(frames === null || frames === 12, `tshark reads ${frames} frames`);
        let scenarioError = null;
        try {
          await page.evaluate(() => window.tcpviz.saveScenario());
        } catch (e) {
          scenarioError = e.message;
        }
        assert(/no scenario/.test(scenarioError ?? ''), `saveScenario() on a capture: ${scenarioError}`);

        await page.evaluate(() => window.tcpviz.load('syn-lost'));
        await settle(page);
        const segments = (await trace(page)).segments.length;
        const simulated = await downloadOf(page, () => window.tcpviz.savePcap());
        const walkedSim = pcapRecords(simulated.bytes);
        assert(simulated.name === 'syn-lost.pcap', `suggested name ${simulated.name}`);
        assert(walkedSim.records === segments, `${walkedSim.records} records for ${segments} segments`);
        const simFrames = tsharkFrames(simulated.file);
        assert(simFrames === null || simFrames === segments, `tshark reads ${simFrames} frames of ${segments}`);
        const scenario = await downloadOf(page, () => window.tcpviz.saveScenario());
        const parsed = JSON.parse(scenario.bytes.toString('utf8'));
        assert(scenario.name === 'syn-lost.json' && Array.isArray(parsed.actions), `scenario download ${scenario.name}`);
        assertClean(problems);
        return `capture: 12 records${frames === null ? '' : ', tshark 12'}; syn-lost: ${segments} records`;
      })],
  ];
}
