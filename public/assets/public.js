/* Public list of draws (no login): /public/ */
(function () {
  'use strict';
  const { api, h, showError } = window.App;
  const ROUND = App.ROUND_NAME;
  const STATE = { frozen: ['抽签池已冻结', ''], announced: ['已发布公告', 'info'], entropy: ['已录入随机源', 'info'], run: ['已抽签，待公布', 'warn'], published: ['已公布', 'ok'] };
  (async () => {
    try {
      const draws = await api('GET', '/api/public/draws', undefined, { token: null, noRedirect: true });
      const body = document.querySelector('#pub-draws tbody');
      body.replaceChildren(...(draws.length ? draws.map((d) => h('tr', { dataset: { draw: d.id } },
        h('td', {}, ROUND[d.round] || d.round), h('td', {}, d.scopeName),
        h('td', {}, h('span.badge.' + STATE[d.state][1], {}, STATE[d.state][0])),
        h('td', {}, d.announcement ? Notices.time(d.announcement.announcedAt) : '—'), h('td', {}, d.publishedAt ? Notices.time(d.publishedAt) : '—'),
        h('td', {}, d.announcement ? h('a', { href: `/public/draw.html?id=${d.id}` }, '查看公告与名单') : ''))) : [h('tr', {}, h('td', { colspan: 6 }, '暂无抽签'))]));
    } catch (e) { showError(document.getElementById('pub-error'), e); }
  })();
})();
