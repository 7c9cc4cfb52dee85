/* Public list of draws (no login): /public/ */
(function () {
  'use strict';
  const { api, h, showError } = window.App;
  const ROUND = App.ROUND_NAME;
  const STATE = App.DRAW_STATE;
  (async () => {
    try {
      const draws = await api('GET', '/api/public/draws', undefined, { token: null, noRedirect: true });
      const body = document.querySelector('#pub-draws tbody');
      body.replaceChildren(...(draws.length ? draws.map((d) => h('tr', { dataset: { draw: d.id } },
        h('td', {}, d.contestName || ''), h('td', {}, ROUND[d.round] || d.round), h('td', {}, d.scopeName),
        h('td', {}, h('span.badge.' + STATE[d.state][1], {}, STATE[d.state][0])),
        h('td', {}, d.announcement ? App.time(d.announcement.announcedAt) : '—'), h('td', {}, d.publishedAt ? App.time(d.publishedAt) : '—'),
        h('td', {}, d.announcement ? h('a', { href: `/public/draw.html?id=${d.id}` }, '查看公告与名单') : ''))) : [h('tr', {}, h('td', { colspan: 7 }, '暂无抽签'))]));
    } catch (e) { showError(document.getElementById('pub-error'), e); }
  })();
})();
