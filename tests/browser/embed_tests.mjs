// Browser tests of embedding (SCENARIO_FORMAT.md, "Links and embedding"; README "For course
// authors"): public/embed.html drives two tcpviz iframes through postMessage with its own
// buttons and hears ready/state/ended/resize back; malformed and foreign messages are ignored
// without console errors. shell.test.mjs runs these with its helpers.
const READY_TIMEOUT_MS = 90_000; // two app instances start side by side in software WebGL

export function embedTests(h) {
  const { assert, openPage, assertClean } = h;

  async function withEmbedPage(browser, baseUrl, body) {
    // Also collect Canvas LMS's lti.frameResize messages (embed.html itself ignores them).
    const initScript = () => {
      window.__ltiHeights = [];
      window.addEventListener('message', (e) => {
        if (e.data && e.data.subject === 'lti.frameResize') window.__ltiHeights.push(e.data.height);
      });
    };
    const opened = await openPage(browser, baseUrl, { query: 'embed.html', viewport: { width: 1100, height: 900 }, initScript });
    try {
      await opened.page.waitForFunction(() => ['first', 'second'].every((f) =>
        window.tcpvizEvents.some((e) => e.frame === f && e.type === 'ready')), null, { timeout: READY_TIMEOUT_MS });
      return await body(opened);
    } finally {
      await opened.context.close();
    }
  }

  const eventCount = (page) => page.evaluate(() => window.tcpvizEvents.length);

  // Waits for a message from `frame` of `type` after index `since` that matches `fields`.
  async function waitEvent(page, frame, type, since = 0, fields = {}, timeout = 20_000) {
    const handle = await page.waitForFunction(({ frame, type, since, fields }) => window.tcpvizEvents.slice(since)
      .find((e) => e.frame === frame && e.type === type
        && Object.entries(fields).every(([k, v]) => e[k] === v)), { frame, type, since, fields }, { timeout });
    return handle.jsonValue();
  }

  const lastState = (page, frame) => page.evaluate((f) => window.tcpvizEvents.filter((e) => e.frame === f
    && e.type === 'state').at(-1), frame);

  async function appFrame(page, id) {
    return (await page.$(`#${id}`)).contentFrame();
  }

  const settle = (page, ms = 400) => page.waitForTimeout(ms);

  return [
    ['embed.html drives both iframes through postMessage and hears ready, state, ended and resize',
      async (browser, baseUrl) => withEmbedPage(browser, baseUrl, async ({ page, problems }) => {
        const events = await page.evaluate(() => window.tcpvizEvents);
        for (const f of ['first', 'second']) {
          const ready = events.find((e) => e.frame === f && e.type === 'ready');
          assert(/^\d+\.\d+\.\d+/.test(ready.version ?? ''), `${f}: ready without a version: ${JSON.stringify(ready)}`);
          const resize = events.find((e) => e.frame === f && e.type === 'resize');
          assert(resize && Number.isInteger(resize.height) && resize.height >= 300,
            `${f}: no usable resize (${JSON.stringify(resize)})`);
          const height = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().height, f);
          await settle(page, 300); // the CSS transition
          const settled = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().height, f);
          assert(Math.abs(settled - resize.height) < 1, `${f}: iframe is ${settled}px (was ${height}), resize asked ${resize.height}`);
          const state = events.find((e) => e.frame === f && e.type === 'state');
          assert(state && typeof state.client === 'string' && typeof state.t_ms === 'number',
            `${f}: no state message after ready`);
        }
        // Each resize is followed by an lti.frameResize of the same height (a separate message).
        const sameHeights = () => {
          const lti = [...window.__ltiHeights].sort();
          const resizes = window.tcpvizEvents.filter((e) => e.type === 'resize').map((e) => e.height).sort();
          return JSON.stringify(lti) === JSON.stringify(resizes);
        };
        const ltiOk = await page.waitForFunction(sameHeights, null, { timeout: 3000 }).then(() => true, () => false);
        assert(ltiOk, `lti.frameResize heights ${JSON.stringify(await page.evaluate(() => window.__ltiHeights))} `
          + `do not match the resize messages`);
        const [first, second] = [await appFrame(page, 'first'), await appFrame(page, 'second')];

        // Seek with the page's own input and button; the iframe's playhead follows.
        let since = await eventCount(page);
        const end = (await lastState(page, 'first')).end_ms;
        await page.fill('[data-for="first"] input', String(Math.max(0, Math.floor(end - 60))));
        await page.click('[data-for="first"] button[data-send="seek-input"]');
        const sought = await waitEvent(page, 'first', 'state', since);
        const inside = await first.evaluate(() => window.tcpviz.state());
        assert(Math.abs(inside.t_ms - Math.floor(end - 60)) < 0.01 && Math.abs(sought.t_ms - inside.t_ms) < 0.01,
          `seek: the page heard ${sought.t_ms}, the app is at ${inside.t_ms}, asked ${Math.floor(end - 60)}`);

        // Play to the end: state while playing, then ended, with the playhead at the end.
        since = await eventCount(page);
        await page.click('[data-for="first"] button[data-send="play"]');
        await waitEvent(page, 'first', 'state', since, { playing: true });
        const ended = await waitEvent(page, 'first', 'ended', since, {}, 30_000);
        assert(Math.abs(ended.t_ms - end) < 0.01, `ended at ${ended.t_ms}, the trace ends at ${end}`);
        const afterEnd = await lastState(page, 'first');
        assert(!afterEnd.playing && Math.abs(afterEnd.t_ms - end) < 0.01, `state after ended: ${JSON.stringify(afterEnd)}`);

        // Back to the start.
        since = await eventCount(page);
        await page.click('[data-for="first"] button[data-send="seek"]');
        const atStart = await waitEvent(page, 'first', 'state', since);
        assert(atStart.t_ms === 0 && atStart.client === 'SYN-SENT', `back to the start: ${JSON.stringify(atStart)}`);

        // Load another lesson into the second frame: the app shows exactly that preset.
        const before = await second.evaluate(() => JSON.stringify(window.tcpviz.trace().scenario));
        since = await eventCount(page);
        await page.selectOption('#second-preset', 'simultaneous-close');
        await page.click('[data-for="second"] button[data-send="load"]');
        await second.waitForFunction((b) => JSON.stringify(window.tcpviz.trace().scenario) !== b, before, { timeout: 10_000 });
        const loaded = await second.evaluate(async () => {
          const shown = JSON.stringify(window.tcpviz.trace().scenario);
          await window.tcpviz.load('simultaneous-close');
          return shown === JSON.stringify(window.tcpviz.trace().scenario);
        });
        assert(loaded, 'the second frame does not show the simultaneous-close preset after Load');
        const errorsAfterLoad = (await page.evaluate(() => window.tcpvizEvents)).slice(since).filter((e) => e.type === 'error');
        assert(errorsAfterLoad.length === 0, `load answered with errors: ${JSON.stringify(errorsAfterLoad)}`);

        // Play then pause the second frame with the buttons.
        since = await eventCount(page);
        await page.click('[data-for="second"] button[data-send="play"]');
        await waitEvent(page, 'second', 'state', since, { playing: true });
        await page.click('[data-for="second"] button[data-send="pause"]');
        const paused = await waitEvent(page, 'second', 'state', since, { playing: false });
        const pausedInside = await second.evaluate(() => window.tcpviz.state());
        assert(!pausedInside.playing && pausedInside.t_ms > 0, `after play/pause: ${JSON.stringify(pausedInside)}`);
        assert(Math.abs(paused.t_ms - pausedInside.t_ms) < 0.01, `paused at ${paused.t_ms}, app at ${pausedInside.t_ms}`);

        const counts = {};
        for (const e of await page.evaluate(() => window.tcpvizEvents)) counts[e.type] = (counts[e.type] ?? 0) + 1;
        await page.screenshot({ path: `${h.shotDir}/embed-page.png`, fullPage: true });
        assertClean(problems);
        return `${JSON.stringify(counts)}; build/screenshots/embed-page.png`;
      })],

    ['malformed, foreign and unpinned-origin messages are ignored without console errors',
      async (browser, baseUrl) => withEmbedPage(browser, baseUrl, async ({ page, problems }) => {
        const first = await appFrame(page, 'first');
        await first.evaluate(() => { window.tcpviz.seek(100); window.tcpviz.pause(); });
        await settle(page);
        const before = await first.evaluate(() => ({ state: window.tcpviz.state(), link: window.tcpviz.link() }));
        const since = await eventCount(page);
        // Sent by the parent, so they reach the bridge: none may change anything.
        const sent = await page.evaluate(() => {
          const w = document.getElementById('first').contentWindow;
          const huge = 'x'.repeat(4 * 1024 * 1024);
          let deep = {};
          for (let i = 0; i < 1500; i += 1) deep = { version: 1, actions: [deep] };
          const bad = [
            null, undefined, 42, 'play', huge, [1, 2], ['tcpviz', 1], true, new Blob(['play']),
            { type: 'play' },                              // no version: not for tcpviz
            { tcpviz: 2, type: 'play' },                   // another version
            { tcpviz: '1', type: 'play' },                 // version as a string
            { tcpviz: 1 },                                 // no type
            { tcpviz: 1, type: 7 },
            { tcpviz: 1, type: huge },
            { tcpviz: 1, type: 'explode' },
            { tcpviz: 1, type: 'seek' },
            { tcpviz: 1, type: 'seek', t_ms: '5' },
            { tcpviz: 1, type: 'seek', t_ms: -1 },
            { tcpviz: 1, type: 'seek', t_ms: Infinity },
            { tcpviz: 1, type: 'seek', t_ms: NaN },
            { tcpviz: 1, type: 'load' },
            { tcpviz: 1, type: 'load', preset: 5 },
            { tcpviz: 1, type: 'load', preset: huge },
            { tcpviz: 1, type: 'load', preset: '../../etc/passwd' },
            { tcpviz: 1, type: 'load', preset: 'normal', scenario: {} },
            { tcpviz: 1, type: 'load', scenario: 'normal' },
            { tcpviz: 1, type: 'load', scenario: [1] },
            { tcpviz: 1, type: 'load', scenario: { version: 1, actions: huge } },
            { tcpviz: 1, type: 'load', scenario: { version: 99 } },
            { tcpviz: 1, type: 'load', scenario: deep },   // 3000 levels of nesting
            { tcpviz: 1, type: 'load', preset: 'no-such-lesson' },
          ];
          for (const m of bad) w.postMessage(m, location.origin);
          return bad.length;
        });
        await settle(page, 1500);
        // From a window that is not the parent (the second iframe): ignored, even if well-formed.
        const second = await appFrame(page, 'second');
        await second.evaluate(() => window.parent.frames[0].postMessage({ tcpviz: 1, type: 'play' }, '*'));
        await settle(page);
        const after = await first.evaluate(() => ({ state: window.tcpviz.state(), link: window.tcpviz.link() }));
        assert(after.link === before.link, 'a malformed message changed the scenario');
        assert(!after.state.playing && after.state.t_ms === before.state.t_ms,
          `a malformed or foreign message moved playback: ${JSON.stringify(before.state)} -> ${JSON.stringify(after.state)}`);
        const replies = (await page.evaluate(() => window.tcpvizEvents)).slice(since).filter((e) => e.frame === 'first');
        const errors = replies.filter((e) => e.type === 'error');
        // The 22 messages with a `tcpviz` key are answered; the 10 without are not.
        assert(errors.length === 22, `expected 22 error replies, got ${errors.length}: ${JSON.stringify(errors.map((e) => e.message))}`);
        assert(errors.every((e) => typeof e.message === 'string' && e.message.length <= 300),
          'an error reply is not a short message');
        assert(errors.some((e) => /no-such-lesson/.test(e.message)), 'the unknown preset was not named in its error');
        assert(replies.every((e) => e.type === 'error' || e.type === 'state'), `unexpected replies: ${JSON.stringify(replies)}`);

        // A frame pinned to another origin ignores this page entirely.
        await page.evaluate(() => {
          const f = document.createElement('iframe');
          f.id = 'pinned';
          f.src = 'index.html?embed=1&s=normal&origin=https://course.example.org';
          f.style.height = '300px';
          document.querySelector('main').append(f);
        });
        const pinned = await appFrame(page, 'pinned');
        await pinned.waitForFunction(() => window.tcpviz && window.tcpviz.ready, null, { timeout: READY_TIMEOUT_MS });
        await page.evaluate(() => document.getElementById('pinned').contentWindow.postMessage({ tcpviz: 1, type: 'play' }, '*'));
        await settle(page, 600);
        const pinnedState = await pinned.evaluate(() => window.tcpviz.state());
        assert(!pinnedState.playing && pinnedState.t_ms === 0, `a frame pinned to another origin obeyed: ${JSON.stringify(pinnedState)}`);
        // The pinned frame's own messages to its pinned origin are refused by the browser, which
        // says so on the console: expected, and the one console error allowed here.
        const consoleErrors = problems.consoleErrors.filter((e) => !/target origin provided \('https:\/\/course\.example\.org'\)/.test(e));
        assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
        assert(problems.pageErrors.length === 0, `page errors: ${problems.pageErrors.join(' | ')}`);
        return `${sent} malformed messages, ${errors.length} answered with error, state unchanged`;
      })],
  ];
}
