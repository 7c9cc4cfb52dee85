/* Shared by the announcement pages (public and staff): the notice states and the closing moment (times: App.time / App.date). */
(function () {
  'use strict';
  // Beijing-time texts are App's (one formatter for every page).
  const day = (date) => App.date(date);
  const time = (iso) => App.time(iso);
  /** The closing moment as the notices print it: '2026年12月9日 24:00'. */
  function closes(date) { return `${day(date)} 24:00`; }
  /** A notice's state now: [text, badge class]. */
  function state(n) {
    if (n.state === 'published') return [`公示中，还剩${n.workingDaysLeft}个工作日`, 'info'];
    if (n.state === 'closed') return ['公示期满，异议处理中', 'warn'];
    if (n.state === 'final') return ['公示结束，名单已生效', 'ok'];
    return ['草稿', ''];
  }
  const OBJECTION_STATE = { pending: ['待处理', 'warn'], upheld: ['异议成立', 'bad'], rejected: ['异议不成立', 'ok'] };
  const KIND = { preliminary: '初赛参赛名单', semifinalists: '复赛名单', finalists: '决赛名单', 'semifinal-awards': '复赛获奖名单', 'final-awards': '决赛获奖名单' };
  window.Notices = { day, time, closes, state, OBJECTION_STATE, KIND };
})();
