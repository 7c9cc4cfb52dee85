/* Round planning page: the organiser's plan (preview, accept), judge pool (Excel import, new
 * accounts), automatic assignment, judge cards, progress at a glance (ECharts) and, for the city,
 * every district's stage. */
(function () {
  'use strict';
  const { api, h } = App;
  const ROUND = App.ROUND_NAME;
  let me = null;
  let contest = null;
  let rounds = [];
  let chart = null;

  const $ = (id) => document.getElementById(id);
  const msg = $('pl-message');

  function scope() {
    const s = { contestId: contest.id, round: $('pl-round').value };
    if (me.role === 'city_admin') {
      if (s.round === 'semifinal' && $('pl-district').value) s.districtId = Number($('pl-district').value);
      if (s.round === 'preliminary' && $('pl-school').value) s.schoolId = Number($('pl-school').value);
    }
    return s;
  }
  const query = (s) => Object.entries(s).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

  const beijing = App.time;
  const dateZh = App.date;

  // ---------------------------------------------------------------- tabs
  document.querySelectorAll('#pl-tabs button').forEach((b) =>
    b.addEventListener('click', () => {
      document.querySelectorAll('#pl-tabs button').forEach((x) => x.classList.toggle('active', x === b));
      document.querySelectorAll('.tab-panel').forEach((p) => p.classList.toggle('hidden', p.id !== b.dataset.tab));
      if (b.dataset.tab === 'pl-progress') loadProgress().catch(showMsg);
      if (b.dataset.tab === 'pl-pool') loadPool().catch(showMsg);
      if (b.dataset.tab === 'pl-city') loadCity().catch(showMsg);
    }),
  );
  function showMsg(e) {
    if (e && e.message === 'not logged in') return;
    App.showError(msg, e);
  }

  // ---------------------------------------------------------------- sessions form
  function addSession(date, time) {
    const row = h('div.pl-session', {},
      h('label', {}, '日期 ', h('input', { type: 'date', class: 'pl-s-date', value: date || '', required: true })),
      h('label', {}, '开始时间 ', h('input', { type: 'time', class: 'pl-s-time', value: time || '08:30', required: true })),
      h('label', {}, '名称 ', h('input', { class: 'pl-s-label', maxlength: 50, placeholder: '如：上午场' })),
      h('button', { type: 'button', onclick: () => row.remove() }, '删除'));
    $('pl-sessions').append(row);
  }
  $('pl-add-session').addEventListener('click', () => addSession(currentRound() && currentRound().startsOn, '14:00'));
  const currentRound = () => rounds.find((r) => r.code === $('pl-round').value);

  function planBody() {
    const sessions = [...document.querySelectorAll('.pl-session')].map((r) => {
      const label = r.querySelector('.pl-s-label').value.trim();
      return Object.assign({ date: r.querySelector('.pl-s-date').value, time: r.querySelector('.pl-s-time').value }, label ? { label } : {});
    });
    const rooms = $('pl-rooms').value.split('\n').map((x) => x.trim()).filter(Boolean);
    return Object.assign(scope(), { maxPanelSize: Number($('pl-max').value), sessions, rooms });
  }

  $('pl-plan-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('pl-plan-error').className = 'hidden';
    try {
      const pv = await api('POST', '/api/planning/plan/preview', planBody());
      $('pl-preview-box').classList.remove('hidden');
      $('pl-preview-summary').textContent =
        `共${pv.entrants}名选手，编为${pv.panels.length}个评审组。` + (pv.replaces ? '确认后将替换已有的编排。' : '') + (pv.started ? '已开始评分，不能重新编排。' : '');
      $('pl-preview-rows').replaceChildren(
        ...pv.panels.map((p) => {
          const merged = p.groupCodes.length > 1;
          return h('tr' + (merged ? '.pl-merged' : ''), {}, h('td', {}, p.code), h('td', {}, p.unitName), h('td', {}, p.subjectName),
            h('td', {}, p.groupName, merged ? h('span.pl-merged-badge', {}, '合并') : null), h('td.num', {}, p.size), h('td', {}, p.session), h('td', {}, p.room));
        }),
      );
      const merged = pv.panels.filter((p) => p.groupCodes.length > 1);
      $('pl-preview-merged').classList.toggle('hidden', !merged.length);
      $('pl-preview-merged').textContent = merged.length
        ? `按合并规则，${merged.length}个评审组由人数较少的组别合并：` + merged.map((p) => `${p.code}（${p.subjectName}：${p.groupName}，共${p.size}人）`).join('；') + '。'
        : '';
      if (pv.problems.length) App.showError($('pl-plan-error'), new App.ApiError(400, { code: 'INVALID_PLAN', details: pv.problems.map((p) => ({ messageZh: p.messageZh })) }));
      $('pl-accept').disabled = pv.started || pv.problems.length > 0 || pv.panels.length === 0;
    } catch (e) {
      App.showError($('pl-plan-error'), e);
    }
  });
  $('pl-accept').addEventListener('click', async () => {
    try {
      const r = await api('POST', '/api/planning/plan/accept', planBody());
      App.toast(`已编排${r.panels.length}个评审组`);
      $('pl-preview-summary').textContent = `编排已确认：${r.panels.length}个评审组。下一步：在“评委库与分配”中导入评委并自动分配。`;
      $('pl-accept').disabled = true;
    } catch (e) {
      App.showError($('pl-plan-error'), e);
    }
  });

  // ---------------------------------------------------------------- merge rule
  let mergeRule = null;
  function mergeText(r) {
    if (!r.allowed) return '当前规则：不合并，每个学科组别单独编为评审组（排名和评奖按学科组别进行）。';
    return `当前规则：同一学科内，人数少于 ${r.below} 人的组别可在以下范围内合并为一个评审组：` + r.groupNames.map((set) => set.join('＋')).join('；') + '。';
  }
  async function loadMergeRule() {
    mergeRule = await api('GET', `/api/planning/contests/${contest.id}/merge-rule`);
    $('pl-merge-text').textContent = mergeText(mergeRule) + (mergeRule.editable ? '' : '（由市教育局设定）');
    $('pl-merge-form').classList.toggle('hidden', !mergeRule.editable);
    if (!mergeRule.editable) return;
    $('pl-merge-allowed').checked = mergeRule.allowed;
    if (mergeRule.below >= 2) $('pl-merge-below').value = mergeRule.below;
    const inSet = new Set(mergeRule.groups.flat());
    $('pl-merge-groups').replaceChildren(h('span', {}, '可相互合并的组别：'),
      ...mergeRule.contestGroups.map((g) => h('label.pl-check', {}, h('input', { type: 'checkbox', class: 'pl-merge-group', value: g.code, checked: inSet.has(g.code) }), ' ' + g.name)));
  }
  $('pl-merge-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('pl-merge-error').className = 'hidden';
    const allowed = $('pl-merge-allowed').checked;
    const chosen = [...document.querySelectorAll('.pl-merge-group:checked')].map((x) => x.value);
    const body = { allowed, below: Number($('pl-merge-below').value), groups: chosen.length ? [chosen] : [] };
    try {
      await api('PUT', `/api/planning/contests/${contest.id}/merge-rule`, body);
      App.toast('合并规则已保存');
      await loadMergeRule();
    } catch (e) {
      App.showError($('pl-merge-error'), e);
    }
  });

  // ---------------------------------------------------------------- pool
  const subjectNames = (codes) => (codes && codes.length ? codes.map((c) => (contest.subjects.find((s) => s.code === c) || { name: c }).name).join('、') : '不限');
  async function loadPool() {
    const pool = await api('GET', '/api/planning/pool?' + query(scope()));
    $('pl-pool-rows').replaceChildren(
      ...pool.members.map((m) => h('tr', {}, h('td', {}, m.displayName), h('td', {}, m.phone || ''), h('td', {}, m.schoolName || '—'), h('td', {}, subjectNames(m.subjects)), h('td.num', {}, m.panels))),
    );
    if (!pool.members.length) $('pl-pool-rows').append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, '评委库为空：请导入评委名单或新建评委账号。')));
    $('pl-cards').href = '/judge-cards.html?' + query(scope());
    const inPool = new Set(pool.members.map((m) => m.accountId));
    const all = await api('GET', '/api/judging/judges');
    $('pl-pick').replaceChildren(...all.filter((a) => !inPool.has(a.id)).map((a) => h('option', { value: a.id }, a.displayName)));
  }
  $('pl-pick-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const ids = [...$('pl-pick').selectedOptions].map((o) => Number(o.value));
    if (!ids.length) return;
    $('pl-pool-error').className = 'hidden';
    try {
      await api('POST', '/api/planning/pool/accounts', Object.assign(scope(), { accountIds: ids }));
      await loadPool();
    } catch (e) {
      App.showError($('pl-pool-error'), e);
    }
  });
  $('pl-template').addEventListener('click', () => App.download('/api/planning/pool/template?' + query(scope()), '评委名单模板.xlsx').catch(showMsg));
  $('pl-upload').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    const fd = new FormData();
    fd.append('file', file);
    $('pl-pool-error').className = 'hidden';
    try {
      const r = await api('POST', '/api/planning/pool/upload?' + query(scope()), fd);
      App.toast(`已导入${r.rows}位评委（新建账号${r.created}个）`);
      await loadPool();
    } catch (e) {
      App.showError($('pl-pool-error'), e);
    }
    ev.target.value = '';
  });
  $('pl-judge-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('pl-pool-error').className = 'hidden';
    try {
      const phone = $('pl-j-phone').value.trim();
      await api('POST', '/api/planning/pool/judges', Object.assign(scope(), {
        username: $('pl-j-username').value.trim(),
        displayName: $('pl-j-name').value.trim(),
        password: $('pl-j-password').value,
      }, phone ? { phone } : {}));
      ev.target.reset();
      App.toast('评委账号已创建');
      await loadPool();
    } catch (e) {
      App.showError($('pl-pool-error'), e);
    }
  });
  $('pl-assign').addEventListener('click', async () => {
    $('pl-pool-error').className = 'hidden';
    try {
      const r = await api('POST', '/api/planning/assign', scope());
      $('pl-assign-result').textContent = `已安排${r.seated}人次（每组${r.panelSize}名评委），每位评委${r.load.min}至${r.load.max}个评审组。` + (r.unfilled.length ? `${r.unfilled.length}个评审组评委不足：` : '全部评审组已配齐。');
      $('pl-unfilled').replaceChildren(...r.unfilled.map((u) => h('li', {}, `${u.code}：${u.messageZh}`)));
      await loadPool();
    } catch (e) {
      App.showError($('pl-pool-error'), e);
    }
  });

  // ---------------------------------------------------------------- progress
  async function loadProgress() {
    const p = await api('GET', '/api/planning/progress?' + query(scope()));
    const names = p.panels.map((x) => x.code);
    if (window.echarts) {
      chart = chart || window.echarts.init($('pl-chart'));
      chart.setOption({
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: ['已提交', '应提交'] },
        grid: { left: 40, right: 16, top: 40, bottom: 70 },
        xAxis: { type: 'category', data: names, axisLabel: { rotate: 45 } },
        yAxis: { type: 'value', name: '评分表' },
        series: [
          { name: '已提交', type: 'bar', data: p.panels.map((x) => x.submitted) },
          { name: '应提交', type: 'bar', data: p.panels.map((x) => x.expected) },
        ],
      });
    }
    $('pl-grid').replaceChildren(
      ...p.panels.map((x) => {
        const pct = x.expected ? Math.round((100 * x.submitted) / x.expected) : 0;
        const state = x.announced ? '已公布' : x.locked ? '已锁定' : '评分中';
        return h(`div.pl-cell${x.locked ? '.done' : ''}${x.openProblems ? '.problem' : ''}`, { dataset: { panel: String(x.panelId) } },
          h('h4', {}, `${x.code} · ${state}`),
          h('div.muted', {}, `${x.subjectName} ${x.groupName} · ${x.session} ${x.room || ''}`),
          h('div.bar', {}, h('span', { style: `width:${pct}%` })),
          h('div', {}, `已提交 ${x.submitted}/${x.expected}`),
          x.notStarted.length ? h('div.muted', {}, `未开始：${x.notStarted.join('、')}`) : null,
          x.openProblems ? h('div', {}, `待处理问题 ${x.openProblems} 个`) : null);
      }),
    );
    if (!p.panels.length) $('pl-grid').append(h('p.muted', {}, '本轮还没有评审组。'));
    $('pl-problems').replaceChildren(
      ...p.problems.map((x) =>
        h('li', {}, `${beijing(x.createdAt)} ${x.panelCode} ${x.judgeName}：${x.kindName}${x.note ? '（' + x.note + '）' : ''} `,
          h('button', { type: 'button', onclick: async () => { try { await api('POST', `/api/planning/problems/${x.id}/handled`); await loadProgress(); } catch (e) { showMsg(e); } } }, '标为已处理'))),
    );
    if (!p.problems.length) $('pl-problems').append(h('li.muted', {}, '暂无待处理的问题。'));
  }
  $('pl-progress-refresh').addEventListener('click', () => loadProgress().catch(showMsg));

  // ---------------------------------------------------------------- city
  async function loadCity() {
    const c = await api('GET', `/api/planning/contests/${contest.id}/districts`);
    $('pl-city-rows').replaceChildren(
      ...c.districts.map((d) =>
        h('tr', {}, h('td', {}, d.districtName), h('td', {}, d.stage), h('td.num', {}, `${d.listsSubmitted}/${d.schools}`), h('td.num', {}, `${d.preliminaryLocked}/${d.preliminaryPanels}`),
          h('td', {}, d.drawPublished ? '已公布' : '未公布'), h('td.num', {}, `${d.semifinalLocked}/${d.semifinalPanels}`), h('td', {}, { computed: '已计算，待公示', published: '获奖名单公示中', final: '已确定' }[d.awardsState] || '未评定'))),
    );
  }

  // ---------------------------------------------------------------- start
  function showRound() {
    const r = currentRound();
    $('pl-title').textContent = `${contest.name} · ${ROUND[$('pl-round').value]}编排`;
    $('pl-dates').textContent = r && r.startsOn ? `比赛日期：${dateZh(r.startsOn)}至${dateZh(r.endsOn || r.startsOn)}` : '本轮尚未安排比赛日期。';
    $('pl-district-box').classList.toggle('hidden', !(me.role === 'city_admin' && $('pl-round').value !== 'final'));
    $('pl-school-box').classList.toggle('hidden', !(me.role === 'city_admin' && $('pl-round').value === 'preliminary'));
    if (!document.querySelector('.pl-session') && r && r.startsOn) {
      addSession(r.startsOn, '08:30');
      addSession(r.startsOn, '14:00');
    }
  }
  async function loadSchools() {
    if (!$('pl-district').value) return $('pl-school').replaceChildren();
    const s = await api('GET', `/api/schools?districtId=${$('pl-district').value}&pageSize=200`);
    $('pl-school').replaceChildren(...s.items.map((x) => h('option', { value: x.id }, x.name)));
  }
  $('pl-round').addEventListener('change', showRound);
  $('pl-district').addEventListener('change', () => loadSchools().catch(showMsg));
  $('logout').addEventListener('click', () => App.logout());

  async function start() {
    try {
      me = await App.requireLogin(['city_admin', 'district_admin', 'school_admin']);
      contest = await api('GET', '/api/contests/current');
      rounds = contest.rounds || (await api('GET', `/api/contests/${contest.id}/rounds`));
      $('pl-round').value = me.role === 'school_admin' ? 'preliminary' : me.role === 'district_admin' ? 'semifinal' : 'final';
      if (me.role === 'city_admin') {
        $('pl-round-box').classList.remove('hidden');
        $('pl-city-tab').classList.remove('hidden');
        const ds = await api('GET', '/api/districts?pageSize=200');
        $('pl-district').append(...ds.items.map((d) => h('option', { value: d.id }, d.name)));
      }
      showRound();
      await loadMergeRule();
    } catch (e) {
      showMsg(e);
    }
  }
  start();
})();
