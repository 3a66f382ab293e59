// Browser tests of the app through window.tcpviz and real mouse input (SCENARIO_FORMAT.md,
// "Scripting interfaces" and "Links and embedding"). shell.test.mjs runs these with its own
// page helpers: appTests(h) takes { assert, openPage, waitReady, assertClean, canvasLooksDrawn,
// shotDir } and returns [name, run(browser, baseUrl)] pairs.
import path from 'node:path';

const CJK = /[\u4e00-\u9fff]/;

export function appTests(h) {
  const { assert, openPage, waitReady, assertClean, canvasLooksDrawn, shotDir } = h;

  // Lets the app draw a few frames after an input or a call (two are enough; four for slack).
  const settle = (page) => page.evaluate(() => new Promise((resolve) => {
    let n = 4;
    const tick = () => (--n ? requestAnimationFrame(tick) : resolve());
    requestAnimationFrame(tick);
  }));

  async function withPage(browser, baseUrl, query, options, body) {
    const opened = await openPage(browser, baseUrl, { ...options, query });
    try {
      await waitReady(opened.page);
      return await body(opened);
    } finally {
      await opened.context.close();
    }
  }

  const trace = (page) => page.evaluate(() => window.tcpviz.trace());
  const layout = (page) => page.evaluate(() => window.tcpviz.layout());

  // Page coordinates of a layout point (layout() is relative to the canvas element).
  async function toPage(page, x, y) {
    const box = await (await page.$('#canvas')).boundingBox();
    return { x: box.x + x, y: box.y + y };
  }

  function firstSegment(tr, from, flags) {
    return tr.segments.find((s) => s.from === from && s.flags === flags);
  }

  // Clicks the middle of the server's first SYN|ACK arrow with the real mouse.
  async function clickFirstSynAck(page) {
    const before = await trace(page);
    const synAck = firstSegment(before, 'server', 'SYN|ACK');
    assert(synAck, 'the normal lesson has no server SYN|ACK');
    const arrow = (await layout(page)).segments.find((g) => g.id === synAck.id);
    assert(arrow, `layout() has no arrow for segment ${synAck.id}`);
    const at = await toPage(page, (arrow.x1 + arrow.x2) / 2, (arrow.y1 + arrow.y2) / 2);
    await page.mouse.move(at.x, at.y);
    await settle(page);
    await page.mouse.click(at.x, at.y);
    await settle(page);
    return { synAck, at };
  }

  return [
    ['every preset loads and renders without console errors', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '', {}, async ({ page, problems }) => {
        const presets = await page.evaluate(() => window.tcpviz.presets());
        assert(Array.isArray(presets) && presets.length > 0, 'presets() returned no presets');
        assert(presets.some((p) => p.id === 'normal'), 'no "normal" preset');
        for (const p of presets) {
          assert(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(p.id), `preset id ${JSON.stringify(p.id)} is not kebab-case`);
          assert(p.title && p.title.en && CJK.test(p.title.zh), `preset ${p.id} lacks an en/zh title`);
          await page.evaluate((id) => window.tcpviz.load(id), p.id);
          await settle(page);
          const tr = await trace(page);
          assert(tr.version === 1 && Array.isArray(tr.segments), `preset ${p.id}: trace() is not a trace object`);
          assert(tr.segments.length > 0, `preset ${p.id}: no segments`);
          const lay = await layout(page);
          assert(lay.segments.length > 0, `preset ${p.id}: layout() has no arrows`);
          const look = canvasLooksDrawn(await (await page.$('#canvas')).screenshot());
          assert(look.drawn, `preset ${p.id}: the canvas looks blank`);
          await page.screenshot({ path: path.join(shotDir, `preset-${p.id}.png`) });
        }
        let bad = null;
        try {
          await page.evaluate(() => window.tcpviz.load('no-such-lesson'));
        } catch (e) {
          bad = e.message;
        }
        assert(bad && /no-such-lesson/.test(bad), `load() of an unknown preset did not reject (${bad})`);
        assertClean(problems);
        return `${presets.length} presets: ${presets.map((p) => p.id).join(', ')}`;
      })],

    ['a real click on the server\'s first SYN|ACK drops it; the SYN and SYN|ACK are sent again',
      async (browser, baseUrl) => withPage(browser, baseUrl, '', {}, async ({ page, problems }) => {
        // The synack-lost lesson without its fault: a plain handshake whose client waits (in
        // "normal" the client closes at 600 ms, before its SYN's retransmission timer fires).
        // Also exercises load(<scenario object>).
        const faults = await page.evaluate(async () => {
          await window.tcpviz.load('synack-lost');
          const scenario = window.tcpviz.trace().scenario;
          scenario.faults = [];
          await window.tcpviz.load(scenario);
          return window.tcpviz.trace().scenario.faults.length;
        });
        assert(faults === 0, `the scenario loaded with ${faults} faults`);
        const before = await trace(page);
        assert(before.segments.every((s) => s.fate === 'delivered'), 'a segment is dropped before the click');
        const { synAck } = await clickFirstSynAck(page);
        const after = await trace(page);
        const same = after.segments.find((s) => s.id === synAck.id);
        assert(same && same.fate === 'dropped', `segment ${synAck.id} fate is ${same?.fate}, not dropped`);
        const clientSyns = after.segments.filter((s) => s.from === 'client' && s.flags === 'SYN');
        const serverSynAcks = after.segments.filter((s) => s.from === 'server' && s.flags === 'SYN|ACK');
        assert(clientSyns.length >= 2, `expected the client's SYN retransmitted, saw ${clientSyns.length} SYN(s)`);
        assert(serverSynAcks.length >= 2, `expected a second SYN|ACK, saw ${serverSynAcks.length}`);
        assert(after.scenario.faults.some((f) => f.drop === true), 'no drop fault in trace().scenario.faults');
        const arrow = (await layout(page)).segments.find((g) => g.id === synAck.id);
        assert(arrow && arrow.dropped, 'layout() does not show the arrow as dropped');
        await page.screenshot({ path: path.join(shotDir, 'click-drop.png') });
        assertClean(problems);
        return `${clientSyns.length} client SYNs, ${serverSynAcks.length} server SYN|ACKs; build/screenshots/click-drop.png`;
      })],

    ['dragging an arrow\'s arrival end downward delays that segment', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal', {}, async ({ page, problems }) => {
        const before = await trace(page);
        const syn = firstSegment(before, 'client', 'SYN');
        const arrow = (await layout(page)).segments.find((g) => g.id === syn.id);
        const from = await toPage(page, arrow.x2, arrow.y2);
        await page.mouse.move(from.x, from.y);
        await settle(page);
        await page.mouse.down();
        await settle(page);
        for (let i = 1; i <= 8; i += 1) {
          await page.mouse.move(from.x, from.y + i * 10);
          await settle(page);
        }
        await page.mouse.up();
        await settle(page);
        const after = await trace(page);
        const moved = after.segments.find((s) => s.id === syn.id);
        const flightBefore = syn.arrive_ms - syn.sent_ms;
        const flightAfter = moved.arrive_ms - moved.sent_ms;
        const delayFault = after.scenario.faults.find((f) => (f.delay_ms ?? 0) > 0);
        assert(flightAfter > flightBefore || delayFault,
          `the SYN's flight stayed ${flightBefore} -> ${flightAfter} ms and no delay fault was added`);
        assertClean(problems);
        return `flight ${flightBefore} -> ${flightAfter} ms${delayFault ? `, fault delay_ms=${delayFault.delay_ms}` : ''}`;
      })],

    ['the URL hash follows an edit and a reload of that URL restores it', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal', {}, async ({ page, problems }) => {
        const hashBefore = await page.evaluate(() => location.hash);
        await clickFirstSynAck(page);
        await page.waitForFunction((h) => location.hash && location.hash !== h, hashBefore, { timeout: 5000 });
        const url = page.url();
        assert(/#[A-Za-z0-9_-]+$/.test(url), `the hash is not base64url: ${url}`);
        await page.reload({ waitUntil: 'load' });
        await waitReady(page);
        const tr = await trace(page);
        assert(tr.scenario.faults.some((f) => f.drop === true), 'after the reload the drop fault is gone');
        assert(tr.segments.some((s) => s.fate === 'dropped'), 'after the reload no segment is dropped');
        assert(await page.isHidden('#notice'), 'a notice is shown for a valid link');
        assertClean(problems);
        return `${url.length} characters of URL`;
      })],

    ['a broken link shows a readable message and opens the normal lesson', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '#not-a-scenario', {}, async ({ page, problems }) => {
        await page.waitForSelector('#notice:not([hidden])', { timeout: 5000 });
        const message = (await page.textContent('#notice span')).trim();
        assert(/link could not be opened/.test(message), `notice says ${JSON.stringify(message)}`);
        const tr = await trace(page);
        assert(tr.segments.length > 0, 'no lesson is shown after a broken link');
        await page.screenshot({ path: path.join(shotDir, 'bad-link.png') });
        assert(problems.pageErrors.length === 0, `page errors: ${problems.pageErrors.join(' | ')}`);
        return message;
      })],

    ['?lang=zh shows Chinese narration in #tcpviz-narration', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?lang=zh&s=normal', {}, async ({ page, problems }) => {
        await page.waitForFunction(() => document.getElementById('tcpviz-narration').textContent.length > 0,
          null, { timeout: 5000 });
        const role = await page.getAttribute('#tcpviz-narration', 'role');
        assert(role === 'status', `#tcpviz-narration role=${role}`);
        const text = await page.textContent('#tcpviz-narration');
        assert(/[\u4e00-\u9fff]/.test(text), `narration has no Chinese: ${JSON.stringify(text.slice(0, 80))}`);
        // The page's own buttons (Open capture, Reduce motion) speak Chinese too.
        const labels = await page.$$eval('button[data-label-zh]', (els) => els.map((e) => e.textContent));
        assert(labels.length > 0 && labels.every((l) => /[\u4e00-\u9fff]/.test(l)),
          `page buttons in ?lang=zh: ${JSON.stringify(labels)}`);
        await page.screenshot({ path: path.join(shotDir, 'lang-zh.png') });
        assertClean(problems);
        return `${JSON.stringify(text.slice(0, 30))}…; build/screenshots/lang-zh.png`;
      })],

    ['seek, play, pause, t= and embed=1 work through the page', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal&t=120&embed=1', {}, async ({ page, problems }) => {
        let st = await page.evaluate(() => window.tcpviz.state());
        assert(Math.abs(st.t_ms - 120) < 0.01, `t=120 put the playhead at ${st.t_ms}`);
        await page.evaluate(() => window.tcpviz.seek(0));
        st = await page.evaluate(() => window.tcpviz.state());
        // The client's connect happens at 0 ms, and transitions at exactly t have happened.
        assert(st.t_ms === 0 && st.client === 'SYN-SENT' && st.server === 'LISTEN', `state at 0: ${JSON.stringify(st)}`);
        await page.evaluate(() => window.tcpviz.play());
        await page.waitForTimeout(400);
        await page.evaluate(() => window.tcpviz.pause());
        st = await page.evaluate(() => window.tcpviz.state());
        assert(st.t_ms > 0 && !st.playing, `after play/pause: ${JSON.stringify(st)}`);
        await page.screenshot({ path: path.join(shotDir, 'embed.png') });
        assertClean(problems);
        return `t_ms ${st.t_ms} after 400 ms of play; build/screenshots/embed.png`;
      })],

    ['autoplay=1 starts playback on load (with speed=4)', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal&autoplay=1&speed=4', {}, async ({ page, problems }) => {
        const first = await page.evaluate(() => window.tcpviz.state());
        await page.waitForTimeout(400);
        const later = await page.evaluate(() => window.tcpviz.state());
        assert(first.playing && later.t_ms > first.t_ms, `autoplay=1 did not start playback: ${JSON.stringify([first, later])}`);
        assert(later.t_ms > first.t_ms, `the playhead did not move (${first.t_ms} -> ${later.t_ms})`);
        assertClean(problems);
        return `t_ms ${first.t_ms} -> ${later.t_ms} in 400 ms at speed 4`;
      })],

    ['renders a lesson at a 360x740 phone viewport', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal', { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 },
        async ({ page, problems }) => {
          await settle(page);
          const look = canvasLooksDrawn(await (await page.$('#canvas')).screenshot());
          assert(look.drawn, 'the canvas looks blank at 360x740');
          await page.screenshot({ path: path.join(shotDir, 'phone-360.png') });
          // layout() stays in CSS pixels at devicePixelRatio 2: a real click still hits.
          const lay = await layout(page);
          assert(lay.canvas.width === 360 && lay.canvas.height === 740, `layout canvas ${JSON.stringify(lay.canvas)}`);
          const { synAck } = await clickFirstSynAck(page);
          const fate = (await trace(page)).segments.find((g) => g.id === synAck.id).fate;
          assert(fate === 'dropped', `a click at devicePixelRatio 2 left the SYN|ACK ${fate}`);
          assertClean(problems);
          return 'click hit at dpr 2; build/screenshots/phone-360.png';
        })],
  ];
}
