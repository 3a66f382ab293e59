// Browser tests of the page's accessibility (README "For course authors" and "Using it"):
// the #tcpviz-narration live region follows playback in English and Chinese; the playback
// keys reach the app from a focused canvas and Tab still leaves it; prefers-reduced-motion,
// ?motion= and setReducedMotion() reach the app (state().reduced_motion is read back from the
// app's UiContext); theme=contrast and prefers-contrast: more select the high-contrast theme.
const CJK = /[\u4e00-\u9fff]/;

export function a11yTests(h) {
  const { assert, openPage, waitReady, assertClean } = h;

  async function withPage(browser, baseUrl, query, options, body) {
    const opened = await openPage(browser, baseUrl, { ...options, query });
    try {
      await waitReady(opened.page);
      return await body(opened);
    } finally {
      await opened.context.close();
    }
  }

  const frames = (page, n = 4) => page.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const tick = () => (--left ? requestAnimationFrame(tick) : resolve());
    requestAnimationFrame(tick);
  }), n);
  const state = (page) => page.evaluate(() => window.tcpviz.state());
  const narration = (page) => page.evaluate(() => document.getElementById('tcpviz-narration').textContent);

  // Seeks and waits until the live region shows something other than `previous`.
  async function seekAndRead(page, tMs, previous) {
    await page.evaluate((t) => window.tcpviz.seek(t), tMs);
    await page.waitForFunction((p) => {
      const text = document.getElementById('tcpviz-narration').textContent;
      return text.length > 0 && text !== p;
    }, previous, { timeout: 3000 });
    return narration(page);
  }

  // The region follows seeks both ways and changes while playing.
  async function followsPlayback(page, lang) {
    const tr = await page.evaluate(() => window.tcpviz.trace());
    const fin = tr.segments.find((s) => s.flags.includes('FIN'));
    assert(fin, 'the normal lesson has no FIN');
    await page.evaluate(() => window.tcpviz.seek(0));
    await frames(page);
    await page.waitForTimeout(300); // the page's periodic mirror
    const atStart = await narration(page);
    const atFin = await seekAndRead(page, fin.arrive_ms, atStart);
    const back = await seekAndRead(page, 0, atFin);
    assert(back === atStart, `back at 0 ms the region says ${JSON.stringify(back)}, first ${JSON.stringify(atStart)}`);
    const seen = new Set([back]);
    await page.evaluate(() => window.tcpviz.play());
    for (let i = 0; i < 16 && seen.size < 3; i += 1) {
      await page.waitForTimeout(250);
      seen.add(await narration(page));
    }
    await page.evaluate(() => window.tcpviz.pause());
    assert(seen.size >= 3, `during playback the region showed only ${seen.size} text(s)`);
    const regionLang = await page.getAttribute('#tcpviz-narration', 'lang');
    for (const text of [atStart, atFin]) {
      if (lang === 'zh') assert(CJK.test(text), `zh narration without Chinese: ${JSON.stringify(text.slice(0, 60))}`);
      else assert(!CJK.test(text) && /[a-z]/i.test(text), `en narration: ${JSON.stringify(text.slice(0, 60))}`);
    }
    assert(regionLang === lang, `#tcpviz-narration lang=${regionLang}, expected ${lang}`);
    return { atStart, atFin, distinct: seen.size };
  }

  // A real key press: down, two animation frames (ImGui 1.86 samples key state once per frame,
  // so a down and up in one frame would be missed), up. Held longer, ImGui's key repeat
  // (0.275 s) may fire on a slow software-rendered frame, so the checks below compare
  // directions, not exact step counts.
  async function press(page, key) {
    await page.keyboard.down(key);
    await frames(page, 2);
    await page.keyboard.up(key);
    await frames(page);
  }

  // Space toggles, so ImGui's key repeat on a slow frame could toggle it back before the key
  // is released: returns whether the app reached the playing state wanted while it was down.
  async function pressSpaceUntil(page, playing) {
    await page.keyboard.down(' ');
    const reached = await page.waitForFunction((p) => window.tcpviz.state().playing === p, playing,
      { timeout: 3000 }).then(() => true, () => false);
    await page.keyboard.up(' ');
    await frames(page);
    return reached;
  }

  return [
    ['the narration live region follows seek and play in English', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal', {}, async ({ page, problems }) => {
        const role = await page.getAttribute('#tcpviz-narration', 'role');
        const live = await page.getAttribute('#tcpviz-narration', 'aria-live');
        assert(role === 'status' && live === 'polite', `#tcpviz-narration role=${role} aria-live=${live}`);
        const r = await followsPlayback(page, 'en');
        assertClean(problems);
        return `${r.distinct} texts while playing; at the FIN: ${JSON.stringify(r.atFin.slice(0, 50))}…`;
      })],

    ['the narration live region follows seek and play in Chinese (?lang=zh)', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?lang=zh&s=normal', {}, async ({ page, problems }) => {
        const r = await followsPlayback(page, 'zh');
        assertClean(problems);
        return `${r.distinct} texts while playing; at the FIN: ${JSON.stringify(r.atFin.slice(0, 30))}…`;
      })],

    ['Space, arrows, Home and End reach the app from the focused canvas; Tab leaves it',
      async (browser, baseUrl) => withPage(browser, baseUrl, '?s=normal', {}, async ({ page, problems }) => {
        const tabIndex = await page.getAttribute('#canvas', 'tabindex');
        assert(tabIndex === '0', `the canvas has tabindex=${tabIndex}, keyboard users cannot reach it`);
        assert(await page.evaluate(() => document.activeElement.id) === 'canvas', 'the canvas is not focused on load');
        await press(page, 'End');
        const end = await state(page);
        assert(end.t_ms === end.end_ms && end.end_ms > 0, `End: ${JSON.stringify(end)}`);
        await press(page, 'Home');
        assert((await state(page)).t_ms === 0, 'Home did not go back to 0 ms');
        await press(page, 'ArrowRight');
        const step = await state(page);
        assert(step.t_ms > 0 && step.t_ms < end.end_ms && !step.playing, `ArrowRight: ${JSON.stringify(step)}`);
        await press(page, 'ArrowRight');
        const step2 = await state(page);
        assert(step2.t_ms > step.t_ms, `a second ArrowRight stayed at ${step2.t_ms}`);
        await press(page, 'ArrowLeft');
        const back = await state(page);
        assert(back.t_ms < step2.t_ms && !back.playing, `ArrowLeft did not step back from ${step2.t_ms}: ${JSON.stringify(back)}`);
        assert(await pressSpaceUntil(page, true), 'Space did not start playback');
        assert(await pressSpaceUntil(page, false), 'a second Space did not pause');
        await page.evaluate(() => window.tcpviz.pause());
        await press(page, 'Tab');
        const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
        assert(focused !== 'canvas', 'Tab is trapped in the canvas');
        assertClean(problems);
        return `End -> ${end.t_ms} ms, one step -> ${step.t_ms} ms; Tab moved focus to ${focused || 'the browser'}`;
      })],

    ['prefers-reduced-motion and prefers-contrast reach the app; the page toggle overrides',
      async (browser, baseUrl) => withPage(browser, baseUrl, '?s=normal',
        { contextOptions: { reducedMotion: 'reduce', contrast: 'more' } }, async ({ page, problems }) => {
          let s = await state(page);
          assert(s.reduced_motion === true, `prefers-reduced-motion: reduce did not reach the app: ${JSON.stringify(s)}`);
          assert(s.theme === 'high-contrast', `prefers-contrast: more gave theme ${s.theme}`);
          await page.evaluate(() => window.tcpviz.setReducedMotion(false));
          await frames(page);
          assert((await state(page)).reduced_motion === false, 'setReducedMotion(false) did not reach the app');
          await page.evaluate(() => window.tcpviz.setReducedMotion(null));
          await frames(page);
          s = await state(page);
          assert(s.reduced_motion === true, 'setReducedMotion(null) did not follow the media query again');
          assertClean(problems);
          return 'reduced_motion and high-contrast from the media queries';
        })],

    ['the page\'s Reduce motion button reaches the app, is remembered across a reload and overlaps nothing',
      async (browser, baseUrl) => withPage(browser, baseUrl, '?s=normal', {}, async ({ page, problems }) => {
        const toggle = '#tcpviz-motion-toggle';
        assert(await page.getAttribute(toggle, 'aria-pressed') === 'false', 'the toggle starts pressed without a preference');
        await page.click(toggle);
        await frames(page);
        assert((await state(page)).reduced_motion === true, 'the toggle did not reach the app');
        assert(await page.getAttribute(toggle, 'aria-pressed') === 'true', 'aria-pressed did not follow');
        await page.reload({ waitUntil: 'load' });
        await waitReady(page);
        assert((await state(page)).reduced_motion === true, 'the choice was not remembered across a reload');
        await page.waitForTimeout(100); // the toggle places itself on the next frame
        const boxes = await page.evaluate(() => [...document.querySelectorAll('body > button')]
          .filter((b) => !b.hidden).map((b) => { const r = b.getBoundingClientRect(); return { id: b.id, l: r.left, r: r.right, t: r.top, b: r.bottom }; }));
        for (const a of boxes) {
          for (const b of boxes) {
            if (a.id < b.id) {
              const overlap = a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
              assert(!overlap, `${a.id} overlaps ${b.id}: ${JSON.stringify([a, b])}`);
            }
          }
        }
        await page.click(toggle);
        await frames(page);
        assert((await state(page)).reduced_motion === false, 'a second click did not turn it off');
        assertClean(problems);
        return `buttons: ${boxes.map((b) => b.id).join(', ')}`;
      })],

    ['without preferences: full motion and the default theme; ?motion=reduce, theme=contrast and a live change',
      async (browser, baseUrl) => {
        const plain = await withPage(browser, baseUrl, '?s=normal', {}, async ({ page, problems }) => {
          const s = await state(page);
          assert(s.reduced_motion === false && s.theme !== 'high-contrast', `no preferences: ${JSON.stringify(s)}`);
          // The user changes the system setting while the page is open.
          await page.emulateMedia({ reducedMotion: 'reduce' });
          await frames(page);
          assert((await state(page)).reduced_motion === true, 'a live prefers-reduced-motion change was missed');
          assertClean(problems);
          return s.theme;
        });
        await withPage(browser, baseUrl, '?s=normal&motion=reduce&theme=contrast', {}, async ({ page, problems }) => {
          const s = await state(page);
          assert(s.reduced_motion === true, `?motion=reduce: ${JSON.stringify(s)}`);
          assert(s.theme === 'high-contrast', `theme=contrast gave ${s.theme}`);
          const cls = await page.evaluate(() => document.documentElement.classList.contains('reduced-motion'));
          assert(cls, 'the page does not mark <html> with .reduced-motion');
          assertClean(problems);
        });
        await withPage(browser, baseUrl, '?s=normal&motion=full&theme=light',
          { contextOptions: { reducedMotion: 'reduce', contrast: 'more' } }, async ({ page, problems }) => {
            const s = await state(page);
            assert(s.reduced_motion === false && s.theme === 'light', `explicit parameters lost to preferences: ${JSON.stringify(s)}`);
            assertClean(problems);
          });
        return `default theme ${plain}; parameters win over preferences`;
      }],
  ];
}
