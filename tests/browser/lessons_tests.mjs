// Browser tests of the lessons (issue 7) through window.tcpviz.lessons and
// window.tcpviz.predict: "Show me" for a common mistake, and predict mode on the normal lesson
// answered once wrongly and once rightly. shell.test.mjs runs these with its own page helpers:
// lessonsTests(h) takes { assert, openPage, waitReady, assertClean, canvasLooksDrawn, shotDir }
// and returns [name, run(browser, baseUrl)] pairs. Every name starts with "lessons".
import path from 'node:path';

export function lessonsTests(h) {
  const { assert, openPage, waitReady, assertClean, canvasLooksDrawn, shotDir } = h;

  async function withPage(browser, baseUrl, query, body) {
    const opened = await openPage(browser, baseUrl, { query });
    try {
      await waitReady(opened.page);
      return await body(opened);
    } finally {
      await opened.context.close();
    }
  }

  // Plays until the session asks (the page's frames run the gate while playing).
  async function nextQuestion(page) {
    await page.waitForFunction(() => window.tcpviz.predict.question().phase === 'asking', null, { timeout: 20_000 });
    return page.evaluate(() => window.tcpviz.predict.question());
  }

  return [
    ['lessons: the common mistakes list, and "Show me" selects the disproving segment', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal', async ({ page, problems }) => {
        const list = await page.evaluate(() => window.tcpviz.lessons.list());
        assert(list.length === 8, `expected 8 mistakes, got ${list.length}`);
        const third = list.find((m) => m.id === 'third-segment-syn');
        assert(third && third.preset === 'normal' && /RFC 9293/.test(third.rfc), `third-segment-syn: ${JSON.stringify(third)}`);
        const shown = await page.evaluate(() => window.tcpviz.lessons.show('closing-from-lost-ack'));
        assert(shown.ok && shown.preset === 'simultaneous-close', `show: ${JSON.stringify(shown)}`);
        // The selected segment is a FIN that arrived at the moment a side entered CLOSING.
        const tr = await page.evaluate(() => window.tcpviz.trace());
        const seg = tr.segments.find((s) => s.id === shown.segment);
        assert(seg && seg.flags.includes('FIN'), `selected segment ${JSON.stringify(seg)}`);
        const st = await page.evaluate(() => window.tcpviz.state());
        assert(Math.abs(st.t_ms - shown.at_ms) < 0.01 && !st.playing, `state after show: ${JSON.stringify(st)}`);
        assert(st.client === 'CLOSING' || st.server === 'CLOSING', `no side in CLOSING at ${st.t_ms} ms: ${JSON.stringify(st)}`);
        assertClean(problems);
        return `segment #${shown.segment} at ${shown.at_ms} ms: ${shown.evidence.en}`;
      })],

    ['lessons: in Chinese, "Show me" on the third handshake segment (screenshot of the inspector)', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal&lang=zh', async ({ page, problems }) => {
        const shown = await page.evaluate(() => window.tcpviz.lessons.show('third-segment-syn'));
        assert(shown.ok && shown.segment === 2, `show: ${JSON.stringify(shown)}`);
        assert(/[\u4e00-\u9fff]/.test(shown.evidence.zh) && /标志位 ACK/.test(shown.evidence.zh),
          `evidence in Chinese: ${shown.evidence.zh}`);
        await page.waitForTimeout(300);
        const narration = await page.textContent('#tcpviz-narration');
        assert(!/Why:|the peer|acknowledges/.test(narration), `English left in the Chinese narration: ${narration}`);
        await page.screenshot({ path: path.join(shotDir, 'lessons-show-zh.png') });
        assertClean(problems);
        return `${shown.evidence.zh}; build/screenshots/lessons-show-zh.png`;
      })],

    ['lessons: predict on normal marks a wrong and a right answer and keeps the score', async (browser, baseUrl) =>
      withPage(browser, baseUrl, '?s=normal&speed=4', async ({ page, problems }) => {
        const started = await page.evaluate(() => window.tcpviz.predict.start());
        assert(started.active && started.count >= 7, `start: ${JSON.stringify(started)}`);
        // First question: the client's SYN is about to reach the listening server.
        let q = await nextQuestion(page);
        assert(q.question.kind === 'state' && q.question.receiver === 'server', `first question ${JSON.stringify(q.question)}`);
        assert(q.question.state_before === 'LISTEN', `server before the SYN: ${q.question.state_before}`);
        const st = await page.evaluate(() => window.tcpviz.state());
        assert(!st.playing && st.server === 'LISTEN', `playback is not held before the SYN: ${JSON.stringify(st)}`);
        // Wrong on purpose (RFC 9293 3.10.7.2: LISTEN + SYN -> SYN-RECEIVED).
        const wrong = await page.evaluate(() => window.tcpviz.predict.answer('ESTABLISHED'));
        assert(wrong.ok && wrong.correct === false && wrong.expected === 'SYN-RECEIVED', `wrong answer marked ${JSON.stringify(wrong)}`);
        assert(wrong.score.right === 0 && wrong.score.answered === 1, `score after a wrong answer ${JSON.stringify(wrong.score)}`);
        await page.evaluate(() => window.tcpviz.predict.next());
        // Second: the server's SYN-ACK reaches the client in SYN-SENT (3.10.7.3 -> ESTABLISHED).
        q = await nextQuestion(page);
        assert(q.question.kind === 'state' && q.question.receiver === 'client', `second question ${JSON.stringify(q.question)}`);
        const right = await page.evaluate(() => window.tcpviz.predict.answer('ESTABLISHED'));
        assert(right.ok && right.correct === true, `right answer marked ${JSON.stringify(right)}`);
        assert(right.score.right === 1 && right.score.answered === 2, `score after a right answer ${JSON.stringify(right.score)}`);
        await page.waitForTimeout(300); // a few frames, so the canvas shows the mark
        const look = canvasLooksDrawn(await (await page.$('#canvas')).screenshot());
        assert(look.drawn, 'the canvas looks blank');
        await page.screenshot({ path: path.join(shotDir, 'lessons-predict.png') });
        const after = await page.evaluate(() => window.tcpviz.predict.question());
        assert(after.question.mark && after.question.mark.correct === true, `question() mark ${JSON.stringify(after.question)}`);
        await page.evaluate(() => window.tcpviz.predict.stop());
        assert(!(await page.evaluate(() => window.tcpviz.predict.question().active)), 'stop() left the session active');
        assertClean(problems);
        return `score ${right.score.right}/${right.score.answered} of ${right.score.total}; build/screenshots/lessons-predict.png`;
      })],
  ];
}
