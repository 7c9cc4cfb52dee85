/* Renders the printable list of /api/contests/:c/entrant-lists/:s/printable (ID numbers already masked by the server). */
(function () {
  'use strict';
  const { api, h, showError } = window.App;
  const $ = (id) => document.getElementById(id);
  const STATE = { 'not-started': '未开始', draft: '填报中（未提交）', submitted: '已提交', late: '逾期未提交', extended: '已延期（未提交）' };

  function entrantTable(group) {
    const rows = [];
    for (const s of group.subjects) {
      s.entrants.forEach((e, i) =>
        rows.push(h('tr', {}, i === 0 ? h('td.subject', { rowspan: s.entrants.length }, `${s.subjectName}（${s.entrants.length}人）`) : null,
          h('td.num', {}, e.no), h('td', {}, e.name), h('td', {}, e.gender), h('td', {}, e.idNumber))),
      );
    }
    return h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, '学科'), h('th.num', {}, '序号'), h('th', {}, '姓名'), h('th', {}, '性别'), h('th', {}, '身份证号'))),
      h('tbody', {}, rows));
  }

  async function init() {
    await App.requireLogin(['school_admin', 'district_admin', 'city_admin']);
    const q = new URLSearchParams(location.search);
    const p = await api('GET', `/api/contests/${Number(q.get('contest'))}/entrant-lists/${Number(q.get('school'))}/printable`);
    document.title = `${p.school.name} 初赛参赛教师名单`;
    $('pl-title').textContent = p.contest.name;
    $('pl-meta').replaceChildren(
      h('span', {}, `学校：${p.school.name}（${p.school.code}）`),
      h('span', {}, `区县：${p.school.district.name}`),
      h('span', {}, `状态：${STATE[p.state]}${p.submittedAt ? '，' + App.time(p.submittedAt) : ''}`),
    );
    $('pl-groups').replaceChildren(
      ...p.groups.map((g) => h('section', { dataset: { group: g.group } },
        h('h3', {}, `${g.groupName}（${g.total}人）`),
        g.total ? entrantTable(g) : h('p.muted', {}, '无'))),
    );
    const c = p.counts;
    $('pl-totals').replaceChildren(
      h('tr', {}, h('th', {}, '在编教师'), h('td.num', {}, c.teachers), h('th', {}, '参赛'), h('td.num', {}, c.entrants),
        h('th', {}, '不参赛'), h('td.num', {}, c.excluded), h('th', {}, '免赛'), h('td.num', {}, c.exempted)),
      h('tr', {}, h('th', {}, '小学青年组'), h('td.num', {}, c.byGroup['primary-youth']), h('th', {}, '初中青年组'), h('td.num', {}, c.byGroup['junior-youth']),
        h('th', {}, '中老年组'), h('td.num', {}, c.byGroup.senior), h('th', {}, ''), h('td', {}, '')),
    );
    $('pl-others').replaceChildren(
      ...(p.others.length
        ? [h('h3', {}, `不参赛、免赛人员（${p.others.length}人）`),
          h('table', {}, h('thead', {}, h('tr', {}, h('th.num', {}, '序号'), h('th', {}, '姓名'), h('th', {}, '身份证号'), h('th', {}, '原因'))),
            h('tbody', {}, p.others.map((o) => h('tr', {}, h('td.num', {}, o.no), h('td', {}, o.name), h('td', {}, o.idNumber), h('td', {}, o.note)))))]
        : []),
    );
    const [y, m, d] = p.date.split('-');
    $('pl-date').textContent = `日期：${y}年${Number(m)}月${Number(d)}日`;
    $('sheet').classList.remove('hidden');
  }

  $('print').addEventListener('click', () => window.print());
  $('back').addEventListener('click', () => (history.length > 1 ? history.back() : window.close()));
  init().catch((e) => showError($('pl-error'), e).classList.remove('hidden'));
})();
