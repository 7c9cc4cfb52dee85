/* Public list of award notices (no login) and the certificate lookup. */
(function () {
  'use strict';
  const { api, h } = window.App;
  const { bjTime, showErr } = window.Awards;
  const STATE = { published: ['公示中', 'info'], closed: ['公示期满，异议处理中', 'warn'], final: ['已确定', 'ok'], draft: ['草稿', ''] };
  document.getElementById('pa-verify').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = document.getElementById('pa-number').value.trim();
    if (n) location.href = `/public/certificates/${encodeURIComponent(n)}`;
  });
  (async () => {
    try {
      const all = await api('GET', '/api/public/notices', undefined, { token: null, noRedirect: true });
      const list = all.filter((n) => n.kind === 'semifinal-awards' || n.kind === 'final-awards');
      document.querySelector('#pa-notices tbody').replaceChildren(...(list.length ? list.map((n) => {
        const st = STATE[n.state] || [n.state, ''];
        return h('tr', { dataset: { notice: n.id } }, h('td', {}, n.title), h('td', {}, n.issuerName), h('td', {}, bjTime(n.publishedAt)),
          h('td', {}, bjTime(n.closesAt)), h('td', {}, h('span.badge' + (st[1] ? '.' + st[1] : ''), {}, st[0])),
          h('td', {}, h('a', { href: `/api/public/notices/${n.id}/page` }, '查看名单')));
      }) : [h('tr', {}, h('td', { colspan: 6 }, '暂无获奖名单公示'))]));
    } catch (e) { showErr(document.getElementById('pa-error'), e); }
  })();
})();
