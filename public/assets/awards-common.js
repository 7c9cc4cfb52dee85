/* Prizes, awards and certificates: Beijing-time formatting and the Chinese texts of the feature's error codes. */
(function () {
  'use strict';
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  function pieces(iso) {
    const o = {};
    for (const p of parts.formatToParts(new Date(iso))) o[p.type] = p.value;
    return o;
  }
  /** 「2025年12月22日 10:00」 in Beijing time. */
  function bjTime(iso) {
    if (!iso) return '—';
    const p = pieces(iso);
    return `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}`;
  }
  /** 「2025年12月22日」 in Beijing time. */
  function bjDate(iso) {
    if (!iso) return '—';
    const p = pieces(iso);
    return `${p.year}年${Number(p.month)}月${Number(p.day)}日`;
  }
  const TEXTS = {
    RESULTS_NOT_LOCKED: '本轮尚有评审组成绩未锁定或未公布，暂不能计算奖项',
    AWARDS_WRONG_BODY: '本轮奖项应由组织单位计算和公示（复赛由区县教育局，决赛由市教育局）',
    AWARDS_PUBLISHED: '获奖名单已公示，不能重新计算；如需更正，请发布补充公示',
    AWARD_ROUND_NOT_FOUND: '未找到该轮获奖名单',
    AWARDS_NOT_FINAL: '获奖名单尚未最终确定（公示期未满或仍有异议未处理）',
    AWARDS_NOT_PUBLISHED: '获奖名单尚未公示',
    LISTS_NOT_FINAL: '公示期未满或仍有异议未处理，暂不能颁发证书',
    CERTIFICATE_NOT_FOUND: '未找到该证书',
    NOTICE_EXISTS: '该名单已公示',
  };
  /** A Chinese sentence for an error (no codes, paths or English shown). */
  function errorText(e) {
    if (e && TEXTS[e.code]) return TEXTS[e.code];
    if (e && window.App && App.ERROR_TEXTS[e.code]) return App.ERROR_TEXTS[e.code];
    return '操作失败，请稍后再试';
  }
  function showErr(el, e) {
    el.className = 'notice error';
    el.textContent = errorText(e);
  }
  const GROUP = { 'primary-youth': '小学青年组', 'junior-youth': '初中青年组', senior: '中老年组' };
  const STATE = { computed: ['已计算，待公示', 'warn'], published: ['公示中', 'info'], final: ['已确定，证书已颁发', 'ok'] };
  window.Awards = { bjTime, bjDate, errorText, showErr, GROUP, STATE };
})();
