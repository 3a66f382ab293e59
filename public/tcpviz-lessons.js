// tcpviz page: the common-mistakes lessons and predict mode (hand-written; loaded after
// tcpviz-page.js, which installs it). The lessons, their questions and the marking live in
// the app (web/api_lessons.cpp over ui/lessons/); this file gives scripts and tests the same
// entry points on window.tcpviz:
//   lessons.list(): [{ id, claim, truth, rfc, preset, where }] (claim/truth/where: {en, zh});
//   lessons.show(id): loads the lesson that disproves it, seeks and selects the segment.
//   predict.start() / question() / next() / stop() return the session
//   ({ active, phase, index, count, score, question }); predict.answer(x) takes an RFC 9293
//   state name ("SYN-RECEIVED") or an ack number and returns the mark
//   ({ ok, correct, given, expected, score }).
(function () {
  'use strict';

  function installLessons(tcpviz, { callString, callWithText, requireModule }) {
    tcpviz.lessons = {
      list: () => {
        requireModule();
        return JSON.parse(callString('tcpviz_lessons_json'));
      },
      show: (id) => {
        requireModule();
        return JSON.parse(tcpviz.module.UTF8ToString(callWithText('tcpviz_lessons_show', id)));
      },
    };
    tcpviz.predict = {
      start: () => {
        requireModule();
        return JSON.parse(callString('tcpviz_predict_start'));
      },
      question: () => {
        requireModule();
        return JSON.parse(callString('tcpviz_predict_question_json'));
      },
      answer: (x) => {
        requireModule();
        if (typeof x === 'number') return JSON.parse(callString('tcpviz_predict_answer_number', x));
        return JSON.parse(tcpviz.module.UTF8ToString(callWithText('tcpviz_predict_answer_state', x)));
      },
      next: () => {
        requireModule();
        return JSON.parse(callString('tcpviz_predict_next'));
      },
      stop: () => {
        requireModule();
        tcpviz.module._tcpviz_predict_stop();
      },
    };
  }

  // tcpviz-page.js runs install once the module is loaded, before it applies the URL.
  if (window.tcpvizPage) window.tcpvizPage.extend({ install: installLessons });
})();
