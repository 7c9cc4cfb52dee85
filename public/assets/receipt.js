/* Receipt lookup (no login): /public/receipt.html?code=… — the status and the decision, nothing else. */
(function () {
  'use strict';
  const { api, h } = window.App;
  const form = document.getElementById('rc-form');
  const errorBox = document.getElementById('rc-error');
  async function look(code) {
    errorBox.className = 'hidden';
    document.getElementById('rc-result').classList.add('hidden');
    try {
      const r = await api('GET', `/api/public/objections/${encodeURIComponent(code)}`, undefined, { token: null, noRedirect: true });
      const [text, cls] = Notices.OBJECTION_STATE[r.state];
      const facts = [
        ['回执码', r.receiptCode],
        ['公示', h('a', { href: `/api/public/notices/${r.noticeId}/page` }, r.noticeTitle)],
        ['异议对象', r.concerns],
        ['受理单位', r.resolverName],
        ['提交时间', Notices.time(r.lodgedAt)],
        ['处理状态', h('span.badge.' + cls, { id: 'rc-state' }, text)],
      ];
      if (r.decision) {
        facts.push(['处理意见', h('span', { id: 'rc-reason' }, r.decision.reason)], ['处理时间', Notices.time(r.decision.resolvedAt)]);
        if (r.decision.supplementaryNoticeId) facts.push(['补充公示', h('a', { href: `/api/public/notices/${r.decision.supplementaryNoticeId}/page` }, '查看补充公示')]);
      }
      document.getElementById('rc-facts').replaceChildren(...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
      document.getElementById('rc-result').classList.remove('hidden');
    } catch (e) {
      errorBox.className = 'notice error';
      errorBox.textContent = e instanceof App.ApiError && e.code === 'VALIDATION_FAILED' ? '回执码格式不正确：应为12位字母和数字' : (e instanceof App.ApiError ? App.ERROR_TEXTS[e.code] || '查询失败' : '查询失败');
    }
  }
  form.addEventListener('submit', (ev) => { ev.preventDefault(); const c = form.elements.code.value.trim(); if (c) look(c); });
  const initial = new URLSearchParams(location.search).get('code');
  if (initial) { form.elements.code.value = initial; look(initial); }
})();
