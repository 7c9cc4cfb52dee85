/* The header link 「公示与异议」 of the school, district and city pages, with the count of objections to resolve. */
(function () {
  'use strict';
  const link = document.getElementById('notices-link');
  if (!link || !window.App || !App.token()) return;
  (async () => {
    try {
      const contest = await App.api('GET', '/api/contests/current');
      const r = await App.api('GET', `/api/contests/${contest.id}/objections/pending-count`);
      if (r.pending > 0) link.append(App.h('span.badge.warn', { title: '待处理异议', 'data-count': r.pending }, String(r.pending)));
    } catch { /* the page works without the badge */ }
  })();
})();
