// Browser tests of the page on a phone (issue 7: "With a 360 x 740 viewport the page is usable
// (screenshot) and touch drag pans"): a touch-enabled mobile context at devicePixelRatio 2,
// real touch input sent through the DevTools protocol (Input.dispatchTouchEvent), which
// Chromium delivers to the canvas as touchstart/touchmove/touchend. SDL's Emscripten backend
// turns those into SDL_FINGER* events (forwarded to App::finger by web/main.cpp, recognised by
// ui/input/touch_gestures.cpp) and the first finger also into mouse events (a tap = a click).
// shell.test.mjs runs these with its helpers; phoneTests(h) returns [name, run] pairs.
import fs from 'node:fs';
import path from 'node:path';

const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  contextOptions: { hasTouch: true, isMobile: true },
};

export function phoneTests(h) {
  const { assert, openPage, waitReady, assertClean, canvasLooksDrawn, shotDir } = h;

  // Lets the app draw a few frames after an input (the gesture is taken once per frame).
  const settle = (page, n = 3) => page.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const tick = () => (--left ? requestAnimationFrame(tick) : resolve());
    requestAnimationFrame(tick);
  }), n);

  async function withPhone(browser, baseUrl, body) {
    const opened = await openPage(browser, baseUrl, { ...PHONE, query: '?s=normal' });
    try {
      await waitReady(opened.page);
      await settle(opened.page);
      return await body(opened);
    } finally {
      await opened.context.close();
    }
  }

  const layout = (page) => page.evaluate(() => window.tcpviz.layout());
  const trace = (page) => page.evaluate(() => window.tcpviz.trace());

  // Page coordinates of a layout point (layout() is relative to the canvas element).
  async function canvasOrigin(page) {
    const box = await (await page.$('#canvas')).boundingBox();
    return { x: box.x, y: box.y };
  }

  // A point of the ladder away from every arrow, so a finger there starts a pan (not the
  // delay drag of an arrival end, not a click on an arrow). Every arrow crosses the middle
  // column between the lifelines, at the mean of its ends' y: take the y farthest from those.
  function emptyPoint(lay, margin) {
    const x = lay.ladder.x + lay.ladder.width / 2;
    let best = null;
    for (let y = lay.ladder.y + margin; y <= lay.ladder.y + lay.ladder.height - margin; y += 2) {
      const clear = Math.min(...lay.segments.map((g) => Math.abs((g.y1 + g.y2) / 2 - y)));
      if (!best || clear > best.clear) best = { x, y, clear };
    }
    return best;
  }

  // One finger down, moved in `steps` steps by (0, dy), lifted; a frame or two between.
  async function touchDrag(page, cdp, at, dy, steps = 6) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: at.x, y: at.y, id: 1 }] });
    await settle(page, 2);
    for (let i = 1; i <= steps; i += 1) {
      await cdp.send('Input.dispatchTouchEvent',
        { type: 'touchMove', touchPoints: [{ x: at.x, y: at.y + (dy * i) / steps, id: 1 }] });
      await settle(page, 2);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await settle(page);
  }

  // Two fingers `gap0` apart vertically around `at`, spread to `gap1` in `steps` steps.
  async function pinch(page, cdp, at, gap0, gap1, steps = 6) {
    const points = (gap) => [{ x: at.x, y: at.y - gap / 2, id: 1 }, { x: at.x, y: at.y + gap / 2, id: 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(gap0).slice(0, 1) });
    await settle(page, 2);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(gap0) });
    await settle(page, 2);
    for (let i = 1; i <= steps; i += 1) {
      await cdp.send('Input.dispatchTouchEvent',
        { type: 'touchMove', touchPoints: points(gap0 + ((gap1 - gap0) * i) / steps) });
      await settle(page, 2);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await settle(page);
  }

  const synOf = (tr) => tr.segments.find((s) => s.from === 'client' && s.flags === 'SYN');
  const arrowOf = (lay, id) => lay.segments.find((g) => g.id === id);

  return [
    ['phone 360x740: the page is usable', async (browser, baseUrl) =>
      withPhone(browser, baseUrl, async ({ page, problems }) => {
        const canvas = await page.$('#canvas');
        const box = await canvas.boundingBox();
        assert(box.x === 0 && box.width === 360 && box.height === 740,
          `the canvas is ${box.width}x${box.height} at x=${box.x}, not the full 360x740 window`);
        const lay = await layout(page);
        assert(lay.segments.length > 0, 'layout() has no arrows on the phone');
        const xs = lay.segments.flatMap((g) => [g.x1, g.x2]);
        assert(xs.every((x) => x >= 0 && x <= 360), `an arrow end lies outside 0..360: ${xs.join(', ')}`);
        // The two lifelines are where the arrows start and end. Their state names sit outside
        // them (ui/layout), so on 360 px they get about the middle third; an arrow shorter
        // than that would not carry its "FIN|ACK seq=1001" label.
        const left = Math.min(...xs);
        const right = Math.max(...xs);
        assert(right - left > 360 / 3, `the lifelines are only ${(right - left).toFixed(1)} px apart`);
        const ys = lay.segments.flatMap((g) => [g.y1, g.y2]);
        assert(ys.some((y) => y >= 0 && y <= 740), 'no arrow end lies within the window\'s height');
        const look = canvasLooksDrawn(await canvas.screenshot());
        assert(look.drawn, `the canvas looks blank (${look.distinct} colours, top one ${(look.dominantShare * 100).toFixed(1)}%)`);
        fs.mkdirSync(shotDir, { recursive: true });
        await page.screenshot({ path: path.join(shotDir, 'phone-360x740.png') });
        assertClean(problems);
        return `lifelines ${left.toFixed(0)}..${right.toFixed(0)} px, ${lay.segments.length} arrows, ` +
          `${look.distinct} colours; build/screenshots/phone-360x740.png`;
      })],

    ['phone: a one-finger touch drag pans the ladder; a two-finger pinch zooms it', async (browser, baseUrl) =>
      withPhone(browser, baseUrl, async ({ page, problems }) => {
        const cdp = await page.context().newCDPSession(page);
        const tr = await trace(page);
        const syn = synOf(tr);
        assert(syn, 'the normal lesson has no SYN');
        const before = await layout(page);
        assert(arrowOf(before, syn.id), `layout() has no arrow for the SYN (${syn.id})`);
        const at = emptyPoint(before, 60);
        assert(at && at.clear >= 16, `no empty spot on the ladder (best is ${at?.clear} px from an arrow)`);
        const origin = await canvasOrigin(page);
        // Drag toward the side with room, so the finger stays on the canvas.
        const room = before.ladder.y + before.ladder.height - at.y;
        const dy = room > 140 ? 120 : -120;
        await touchDrag(page, cdp, { x: origin.x + at.x, y: origin.y + at.y }, dy);
        const panned = await layout(page);
        const moved = arrowOf(panned, syn.id).y1 - arrowOf(before, syn.id).y1;
        assert(Math.sign(moved) === Math.sign(dy) && Math.abs(moved - dy) <= Math.max(4, Math.abs(dy) * 0.1),
          `a ${dy} px touch drag moved the SYN's arrow by ${moved.toFixed(1)} px`);
        assert((await trace(page)).segments.every((s, i) => s.fate === tr.segments[i].fate),
          'the drag changed a segment\'s fate (it was taken as a click)');

        // The pinch, in the widest gap between two neighbouring arrows (measured where they
        // cross the middle column), away from the ladder's edges: both stay on screen while
        // the diagram grows around the fingers' midpoint, and no finger lands on an arrow.
        const midY = (g) => (g.y1 + g.y2) / 2;
        const sorted = [...panned.segments].sort((p, q) => midY(p) - midY(q));
        let above = null;
        let below = null;
        for (let i = 1; i < sorted.length; i += 1) {
          const centre = (midY(sorted[i - 1]) + midY(sorted[i])) / 2;
          if (centre < panned.ladder.y + 100 || centre > panned.ladder.y + panned.ladder.height - 100) continue;
          if (!above || midY(sorted[i]) - midY(sorted[i - 1]) > midY(below) - midY(above)) {
            above = sorted[i - 1];
            below = sorted[i];
          }
        }
        assert(above && below, 'no two neighbouring arrows in the middle of the ladder to measure the zoom with');
        const at2 = { x: panned.ladder.x + panned.ladder.width / 2, y: (midY(above) + midY(below)) / 2 };
        const spanBefore = midY(below) - midY(above);
        await pinch(page, cdp, { x: origin.x + at2.x, y: origin.y + at2.y }, 20, 60);
        const zoomed = await layout(page);
        const a2 = arrowOf(zoomed, above.id);
        const b2 = arrowOf(zoomed, below.id);
        assert(a2 && b2, `after the pinch the arrows ${above.id} and ${below.id} are not both in layout()`);
        const spanAfter = midY(b2) - midY(a2);
        // The fingers spread to 3 times their distance: the diagram grows about 3 times.
        assert(spanAfter > spanBefore * 1.5,
          `a pinch from 20 to 60 px took the span of arrows ${above.id}..${below.id} from ` +
          `${spanBefore.toFixed(1)} to ${spanAfter.toFixed(1)} px`);
        assertClean(problems);
        return `drag ${dy} px moved the SYN by ${moved.toFixed(1)} px; pinch 20->60 px: ` +
          `span ${spanBefore.toFixed(0)} -> ${spanAfter.toFixed(0)} px (x${(spanAfter / spanBefore).toFixed(2)})`;
      })],

    ['phone: a tap on a segment selects it and, as a click does, drops it', async (browser, baseUrl) =>
      withPhone(browser, baseUrl, async ({ page, problems }) => {
        const cdp = await page.context().newCDPSession(page);
        const tr = await trace(page);
        const synAck = tr.segments.find((s) => s.from === 'server' && s.flags === 'SYN|ACK');
        assert(synAck && synAck.fate === 'delivered', 'the normal lesson has no delivered SYN|ACK');
        const before = await layout(page);
        const arrow = arrowOf(before, synAck.id);
        const origin = await canvasOrigin(page);
        const at = { x: origin.x + (arrow.x1 + arrow.x2) / 2, y: origin.y + (arrow.y1 + arrow.y2) / 2 };
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: at.x, y: at.y, id: 1 }] });
        await settle(page, 2);
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        await settle(page);
        // A tap is the ladder's click (ui/views/ladder_view.cpp): it selects the segment (the
        // inspector shows it) and toggles its drop, which trace() shows.
        const selected = (await page.evaluate(() => window.tcpviz.state())).selected;
        assert(selected === synAck.id, `a tap on the SYN|ACK (segment ${synAck.id}) selected ${selected}`);
        const after = await trace(page);
        const fate = after.segments.find((s) => s.id === synAck.id)?.fate;
        assert(fate === 'dropped', `a tap on the SYN|ACK left it ${fate}`);
        const lay = await layout(page);
        assert(arrowOf(lay, synAck.id)?.dropped, 'layout() does not draw the tapped arrow as dropped');
        await page.screenshot({ path: path.join(shotDir, 'phone-tap.png') });
        assertClean(problems);
        return `tap at (${at.x.toFixed(0)}, ${at.y.toFixed(0)}) dropped segment ${synAck.id}; build/screenshots/phone-tap.png`;
      })],
  ];
}
