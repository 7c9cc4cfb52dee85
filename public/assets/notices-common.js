/* Shared by the announcement pages (public and staff): Beijing-time texts and the notice states. */
(function () {
  'use strict';
  const TZ = 'Asia/Shanghai';
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  /** 'YYYY-MM-DD' → '2026年12月9日'. */
  function day(date) {
    const [y, m, d] = String(date).split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  /** An instant → '2026年12月9日 15:04' (Beijing time). */
  function time(iso) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
    return `${day(`${p.year}-${p.month}-${p.day}`)} ${p.hour}:${p.minute}`;
  }
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
  if (window.App) {
    App.addErrorTexts({
      NOTICE_NOT_FOUND: '未找到该公示',
      NOTICE_EXISTS: '该名单已发布公示，更正请发布补充公示',
      LIST_NOT_READY: '名单尚未确定，暂不能公示',
      NOTICE_WINDOW_CLOSED: '公示期已结束，不再受理异议',
      OBJECTION_NOT_FOUND: '未找到该回执码对应的异议，请核对回执码',
      OBJECTION_RESOLVED: '该异议已处理',
      LISTS_NOT_FINAL: '相关名单尚未公示结束，暂不能进行此操作',
      OBJECTION_RATE_LIMITED: '提交过于频繁，请一小时后再试',
    });
  }
})();
