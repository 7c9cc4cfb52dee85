/* The public list of notices (no login): /public/notices.html */
(function () {
  'use strict';
  const { api, h, showError } = window.App;
  (async () => {
    const body = document.querySelector('#pn-list tbody');
    try {
      const list = await api('GET', '/api/public/notices', undefined, { token: null, noRedirect: true });
      body.replaceChildren(...(list.length ? list.map((n) => {
        const [text, cls] = Notices.state(n);
        return h('tr', { dataset: { notice: n.id } },
          h('td', {}, h('a', { href: `/api/public/notices/${n.id}/page` }, n.title), n.supplementsNoticeId ? h('div.muted', {}, '补充公示') : ''),
          h('td', {}, n.issuerName),
          h('td.num', {}, String(n.rowCount)),
          h('td', {}, Notices.time(n.publishedAt)),
          h('td', {}, Notices.closes(n.closes), n.calendarCovers ? '' : h('div.muted', {}, '节假日安排未发布，按周一至周五计算')),
          h('td', {}, h('span.badge.' + cls, { 'data-state': n.state }, text)),
          h('td.actions', {},
            h('a.button', { href: `/api/public/notices/${n.id}/page` }, '查看公示'),
            n.state === 'published' ? h('a.button.primary', { href: `/public/objection.html?notice=${n.id}` }, '提出异议') : ''));
      }) : [h('tr', {}, h('td', { colspan: 7 }, '暂无公示'))]));
    } catch (e) { showError(document.getElementById('pn-error'), e); body.replaceChildren(); }
  })();
})();
