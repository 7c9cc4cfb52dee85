/* A draw's public page (no login): the announcement, the record, the advanced list per unit with masked ID numbers. */
(function () {
  'use strict';
  const { api, h, showError } = window.App;
  const $ = (id) => document.getElementById(id);
  const { ENTRANT_SOURCE: SOURCE, ENTRANT_STATUS: STATUS, ROUND_NAME: ROUND } = App;
  const NO_LOGIN = { token: null, noRedirect: true };
  const id = new URLSearchParams(location.search).get('id');
  /** Drawn places a unit's pool cannot fill (RULES §4: reported, never silently filled). */
  const shortfall = (u) => Math.max(0, u.d - u.n);
  function shortfallNotice(units) {
    const total = units.reduce((sum, u) => sum + shortfall(u), 0);
    if (!total) return '';
    const short = units.filter((u) => shortfall(u) > 0).map((u) => `${u.name}${shortfall(u)}个`).join('、');
    return h('div.notice.info', { id: 'pd-shortfall' }, `抽取名额${total}个因抽签池不足空缺（${short}）：抽签池人数少于抽取名额的单位，池中全部人员入选，空缺名额不另行补足。`);
  }

  (async () => {
    try {
      const d = await api('GET', `/api/public/draws/${id}`, undefined, NO_LOGIN);
      const what = ROUND[d.round] || d.round;
      $('pd-title').textContent = `${d.scopeName} · ${what}抽签公告与晋级名单`;
      document.title = `${d.scopeName}${what}抽签 · 教学技能比赛`;
      const parts = d.contestName ? [h('p', { id: 'pd-contest' }, `比赛：${d.contestName}`)] : [];
      if (!d.announcement) {
        parts.push(h('div.card', {}, h('p', {}, '本场抽签的公告尚未发布。')));
      } else {
        const a = d.announcement;
        parts.push(h('div.card', { id: 'pd-announcement' }, h('h2', {}, '抽签公告'),
          h('p', {}, `发布时间：${App.time(a.announcedAt)}；协议：${a.protocol}`),
          h('p', {}, '抽签池哈希（SHA-256）：', h('span.hash', {}, a.poolHash)),
          shortfallNotice(d.units),
          h('div.table-wrap', {}, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, '单位代码'), h('th', {}, '单位'), h('th.num', {}, '抽签池人数'), h('th.num', {}, '抽取人数'), h('th.num', {}, '空缺'))),
            h('tbody', {}, d.units.map((u) => h('tr', {}, h('td', {}, u.code), h('td', {}, u.name), h('td.num', {}, u.n), h('td.num', {}, u.d), h('td.num', {}, shortfall(u) || '—')))))),
          h('h3', {}, '随机源'),
          h('ol', {}, a.entropySources.map((s, i) => h('li', {}, h('b', {}, s.name), '：', s.description, d.entropy ? h('div.hash', {}, '数值：' + d.entropy[i]) : '')))));
      }
      if (d.state === 'published') {
        const recordUrl = `/api/public/draws/${d.id}/record.json`;
        const link = h('a.button.primary', { href: recordUrl, download: `record-${d.id}.json` }, '下载抽签记录 record.json');
        const result = h('div.hidden', { id: 'pd-verify-result', role: 'status' });
        const check = h('button', { type: 'button', id: 'pd-verify-run', onclick: async () => {
          const text = await (await fetch(recordUrl)).text();
          window.VerifyPage.showVerification(result, await window.DrawVerify.verify(text));
        } }, '在浏览器中复核');
        const head = d.auditHead
          ? h('p', { id: 'pd-audit' }, `审计链记录：第 ${d.auditHead.seq} 条，哈希 `, h('span.hash', {}, d.auditHead.hash), '。保存本页的任何人日后都可以用 ', h('code', {}, `npm run -s cli -- audit-verify --expect ${d.auditHead.seq}:${d.auditHead.hash}`), ' 核对公布之前的记录未被改写。')
          : '';
        parts.push(h('div.card', {}, h('h2', {}, '抽签记录'), h('p', {}, `公布时间：${App.time(d.publishedAt)}`), head, link, ' ', check, result));
        const list = await api('GET', `/api/public/draws/${d.id}/entrants`, undefined, NO_LOGIN);
        const units = new Map();
        for (const e of list) { if (!units.has(e.unitCode)) units.set(e.unitCode, []); units.get(e.unitCode).push(e); }
        const names = new Map(d.units.map((u) => [u.code, u.name]));
        for (const [code, rows] of units) {
          parts.push(h('div.card', { dataset: { unit: code } }, h('h2', {}, `${names.get(code) || code}（${code}）${what}名单`),
            h('div.table-wrap', {}, h('table', {},
              h('thead', {}, h('tr', {}, ['编号', '姓名', '学校', '学科', '身份证号', '方式', '状态'].map((x) => h('th', {}, x)))),
              h('tbody', {}, rows.map((e) => h(e.status === 'active' ? 'tr' : 'tr.out', { dataset: { code: e.code } },
                h('td', {}, e.code), h('td', {}, e.name), h('td', {}, e.schoolName), h('td', {}, e.subject), h('td', {}, e.idNumber),
                h('td', {}, h('span.badge.source-' + e.source, {}, SOURCE[e.source] || e.source), e.replaces ? `（替 ${e.replaces}）` : ''),
                h('td', {}, STATUS[e.status] || e.status))))))));
        }
      } else if (d.announcement) {
        parts.push(h('div.card', {}, h('p', {}, '抽签结果尚未公布。')));
      }
      $('pd-body').replaceChildren(...parts);
    } catch (e) { showError($('pd-error'), e); }
  })();
})();
