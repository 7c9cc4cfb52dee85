/* Panels page: the organiser (school / district / city) sets up panels — judges, head
 * judge, private links, contestants, order by hand or drawn — and the head judge and the contest
 * office follow progress, outlier flags, results and ranking, every version, lock and announce. */
(function () {
  'use strict';
  const { h, toast } = App;
  const ROUND = App.ROUND_NAME;
  let labels = App.labelsOf(null);
  const STATE = { none: '未评', draft: '草稿', submitted: '已提交' };

  const link = App.judgeLink();
  const call = (method, path, body) => App.api(method, path, body, link ? { link } : undefined);

  let me = null;
  let contest = null;
  let current = null; // panel id
  let detail = null; // organiser view of the panel
  let order = []; // entrant ids in the order shown
  const msg = (e) => App.showError(document.getElementById('pn-d-message'), e);

  /** The contest's names, never codes: the panel's subject (none: any), its group(s), its session. */
  const subjectOf = (p) => (p.subject ? labels.subject(p.subject) : '不限学科');
  const groupsOf = (p) => (p.mergedGroups && p.mergedGroups.length ? p.mergedGroups : [p.groupCode]).map(labels.group).join('、');
  const sessionOf = (p) => [p.session, p.sessionDate ? App.date(p.sessionDate) + (p.sessionTime ? ' ' + p.sessionTime : '') : ''].filter(Boolean).join(' · ');

  async function loadList() {
    const tbody = document.querySelector('#pn-list tbody');
    let rows;
    if (me.role === 'judge') {
      rows = (await call('GET', '/api/judging/my/panels')).filter((p) => p.isHead);
    } else {
      const round = document.getElementById('pn-round').value;
      rows = await call('GET', `/api/judging/panels?contestId=${contest.id}${round ? '&round=' + round : ''}`);
    }
    tbody.replaceChildren(
      ...rows.map((p) =>
        h('tr', { dataset: { panel: String(p.id) } },
          h('td', {}, h('div', {}, p.name || p.session), h('div.muted', {}, p.code)), h('td', {}, ROUND[p.round]), h('td', {}, subjectOf(p)), h('td', {}, groupsOf(p)), h('td', {}, sessionOf(p)), h('td', {}, p.room || '—'),
          h('td', {}, p.state === 'locked' ? (p.announced ? '已公布' : '已锁定') : '评分中'),
          h('td', {}, h('button', { type: 'button', onclick: () => open(p.id) }, '查看'))),
      ),
    );
    if (!rows.length) tbody.append(h('tr', {}, h('td', { colspan: '8', class: 'muted' }, '暂无评审组')));
  }

  async function open(id) {
    current = id;
    document.getElementById('pn-detail').classList.remove('hidden');
    document.getElementById('pn-d-message').classList.add('hidden');
    document.getElementById('pn-link').classList.add('hidden');
    await refresh();
  }

  async function refresh() {
    const id = current;
    const manage = me.role !== 'judge';
    detail = manage ? await call('GET', `/api/judging/panels/${id}`) : null;
    const progress = await call('GET', `/api/judging/panels/${id}/progress`);
    const p = progress.panel;
    const info = detail || p;
    document.getElementById('pn-d-title').textContent = [p.name || p.session, ROUND[p.round], info.subject !== undefined ? subjectOf(info) : null, groupsOf(info), sessionOf(info), info.room].filter(Boolean).join(' · ');
    const st = document.getElementById('pn-d-state');
    st.textContent = p.state === 'locked' ? (p.announced ? '已公布' : '已锁定') : '评分中';
    st.className = 'badge ' + (p.state === 'locked' ? 'ok' : 'info');
    const canManage = !!(detail && detail.canManage);
    document.getElementById('pn-manage').classList.toggle('hidden', !canManage || p.state === 'locked');
    document.getElementById('pn-edit').classList.toggle('hidden', !canManage || p.state === 'locked');
    if (canManage) fillEdit();
    document.getElementById('pn-lock').classList.toggle('hidden', !canManage || p.state === 'locked');
    document.getElementById('pn-announce').classList.toggle('hidden', !canManage || p.state !== 'locked' || p.announced);
    if (canManage) await renderManage();
    renderProgress(progress);
    const head = me.role === 'judge' && progress.judges.some((j) => j.accountId === me.id && j.isHead);
    document.getElementById('pn-reopen').classList.toggle('hidden', !head || p.state === 'locked');
    await renderResults();
    await renderVersions(progress);
  }

  function subjectOptions(select, value) {
    select.replaceChildren(h('option', { value: '' }, '不限学科'), ...((contest && contest.subjects) || []).map((x) => h('option', { value: x.code, selected: x.code === value }, x.name)));
    select.value = value || '';
  }

  /** The panel's subject, group, room and session, editable until its first score. */
  function fillEdit() {
    subjectOptions(document.getElementById('pn-e-subject'), detail.subject);
    const group = document.getElementById('pn-e-group');
    group.replaceChildren(...labels.groups.map((g) => h('option', { value: g.code }, g.name)));
    group.value = detail.groupCode;
    const planned = detail.planId !== null && detail.planId !== undefined;
    document.getElementById('pn-e-subject').disabled = planned;
    group.disabled = planned;
    document.getElementById('pn-e-session').value = detail.session || '';
    document.getElementById('pn-e-date').value = detail.sessionDate || '';
    document.getElementById('pn-e-time').value = detail.sessionTime || '';
    document.getElementById('pn-e-room').value = detail.room || '';
    document.getElementById('pn-e-note').textContent = planned ? '本组由编排方案生成：学科和组别通过重新编排修改。' : '已有评分后不能再修改。';
  }

  async function renderManage() {
    const judges = await call('GET', '/api/judging/judges');
    document.querySelector('#pn-judges tbody').replaceChildren(
      ...detail.judges.map((j) =>
        h('tr', {},
          h('td', {}, j.displayName), h('td', {}, j.isHead ? '组长' : ''), h('td', {}, j.schoolName || ''),
          h('td', {},
            h('button', { type: 'button', onclick: () => makeLink(j) }, '生成私人链接'),
            h('button', { type: 'button', onclick: () => act(() => call('DELETE', `/api/judging/panels/${current}/judges/${j.accountId}`)) }, '移除'))),
      ),
    );
    const on = new Set(detail.judges.map((j) => j.accountId));
    document.getElementById('pn-judge-pick').replaceChildren(...judges.filter((j) => !on.has(j.id)).map((j) => h('option', { value: String(j.id) }, j.displayName)));
    order = detail.contestants.map((c) => c.entrantId);
    renderOrder();
    const cands = await call('GET', `/api/judging/panels/${current}/candidates`);
    document.getElementById('pn-cand').replaceChildren(...cands.map((c) => h('option', { value: String(c.entrantId) }, `${c.code} ${c.name || ''} ${labels.subject(c.subject)}`)));
    document.getElementById('pn-draw-record').classList.toggle('hidden', !detail.drawn);
    document.getElementById('pn-order-note').textContent = detail.drawn ? '顺序已由抽签决定' : detail.orderSource === 'manual' ? '顺序已手动设定' : '';
  }

  function renderOrder() {
    const byId = new Map(detail.contestants.map((c) => [c.entrantId, c]));
    const move = (i, d) => { const j = i + d; if (j < 0 || j >= order.length) return; [order[i], order[j]] = [order[j], order[i]]; renderOrder(); };
    document.querySelector('#pn-contestants tbody').replaceChildren(
      ...order.map((id, i) => {
        const c = byId.get(id);
        return h('tr', { dataset: { entrant: String(id) } },
          h('td', {}, String(i + 1)), h('td', {}, c.code), h('td', {}, c.name), h('td', {}, labels.subject(c.subject)),
          h('td', {},
            h('button', { type: 'button', 'aria-label': '上移', onclick: () => move(i, -1) }, '↑'),
            h('button', { type: 'button', 'aria-label': '下移', onclick: () => move(i, 1) }, '↓'),
            h('button', { type: 'button', onclick: () => act(() => call('DELETE', `/api/judging/panels/${current}/contestants/${id}`)) }, '移除')));
      }),
    );
  }

  async function makeLink(j) {
    try {
      const r = await call('POST', `/api/judging/panels/${current}/judges/${j.accountId}/links`);
      const url = location.origin + r.url;
      const box = document.getElementById('pn-link');
      box.replaceChildren(h('div', {}, `${j.displayName} 的私人链接（只显示这一次，请立即发给评委）：`), h('code', {}, url));
      box.classList.remove('hidden');
    } catch (e) { msg(e); }
  }

  async function act(fn, done) {
    try { await fn(); if (done) toast(done); await refresh(); } catch (e) { msg(e); }
  }

  function renderProgress(pr) {
    const table = document.getElementById('pn-progress');
    table.tHead.replaceChildren(h('tr', {}, h('th', {}, '顺序'), h('th', {}, '选手'), ...pr.judges.map((j) => h('th', {}, `${j.displayName}${j.isHead ? '（组长）' : ''} ${j.submitted}/${pr.contestants.length}`))));
    table.tBodies[0].replaceChildren(
      ...pr.contestants.map((c) =>
        h('tr', {}, h('td', {}, String(c.position)), h('td', {}, `${c.code} ${c.name}`),
          ...c.cells.map((cell) => h('td', {}, h('span.badge' + (cell.state === 'submitted' ? '.ok' : cell.state === 'draft' ? '.warn' : ''), {}, STATE[cell.state]), cell.total ? ' ' + cell.total : ''))),
      ),
    );
    document.getElementById('pn-ro-judge').replaceChildren(...pr.judges.map((j) => h('option', { value: String(j.accountId) }, j.displayName)));
    document.getElementById('pn-ro-entrant').replaceChildren(...pr.contestants.map((c) => h('option', { value: String(c.entrantId) }, `${c.code} ${c.name}`)));
  }

  async function renderResults() {
    const table = document.getElementById('pn-results');
    let r;
    try { r = await call('GET', `/api/judging/panels/${current}/results`); }
    catch (e) { table.tHead.replaceChildren(); table.tBodies[0].replaceChildren(h('tr', {}, h('td', {}, e.text))); return; }
    const items = r.contestants.length ? r.contestants[0].items : [];
    const judgeName = new Map(r.judges.map((j) => [j.accountId, j.displayName]));
    table.tHead.replaceChildren(h('tr', {}, h('th', {}, '名次'), h('th', {}, '选手'), h('th', {}, '总分'), ...items.map((i) => h('th', {}, `${i.name}（${i.points}）`)), h('th', {}, '已交/评委'), h('th', {}, '偏离提示')));
    const rows = [...r.contestants].sort((a, b) => (a.rank || 1e9) - (b.rank || 1e9) || a.position - b.position);
    table.tBodies[0].replaceChildren(
      ...rows.map((c) =>
        h('tr', {}, h('td', {}, c.rank ? String(c.rank) : '—'), h('td', {}, `${c.code} ${c.name}`), h('td.num', {}, c.total || '—'),
          ...c.items.map((i) => h('td.num', {}, i.score || '—')), h('td', {}, `${c.submitted}/${c.judges}`),
          h('td', {}, c.flags.map((f) => h('div.badge.warn', {}, `${judgeName.get(f.judgeId)}：${f.total}，其他评委中位数 ${f.medianOfOthers}（${f.difference}）`))))),
    );
    const biased = r.bias.filter((b) => b.flag);
    document.getElementById('pn-bias').textContent = `统计方法：${methodText(r)}。` +
      (biased.length ? '系统性偏差：' + biased.map((b) => `${judgeName.get(b.judgeId)} ${b.flag === 'harsh' ? '偏严' : '偏松'}（平均 ${b.averageDeviation}）`).join('；') : '');
    renderDotPlot(rows, judgeName);
  }

  /** The method actually applied to this panel's contestants (a 3-judge panel takes the plain mean). */
  function methodText(r) {
    if (r.method === 'median') return '取各位评委总分的中位数';
    if (r.method === 'mean') return '取各位评委总分的平均';
    const n = r.aggregation.trimFromPanelSize;
    const cut = (t) => `去掉${t === 1 ? '一个最高分和一个最低分' : `最高分和最低分各${t}个`}后取平均`;
    const trims = [...new Set(r.contestants.filter((c) => c.trimmedEachEnd !== null).map((c) => c.trimmedEachEnd))];
    const dropped = trims.filter((t) => t > 0);
    if (!trims.length) return `评委达到${n}位时${cut(r.aggregation.trimEachEnd)}，不足${n}位时取平均`;
    if (!dropped.length) return `取各位评委总分的平均（评委不足${n}位，不去掉最高分和最低分）`;
    return trims.includes(0) ? `评委达到${n}位的选手${cut(dropped[0])}，其余选手取平均` : cut(dropped[0]);
  }

  /** Each contestant's judges as dots on one line, the flagged judge marked (ECharts, loaded only here). */
  let echartsReady;
  function loadECharts() {
    echartsReady = echartsReady || new Promise((resolve, reject) => {
      const s = h('script', { src: '/vendor/echarts.min.js' });
      s.onload = () => resolve(window.echarts);
      s.onerror = reject;
      document.head.append(s);
    });
    return echartsReady;
  }
  let dotChart;
  async function renderDotPlot(rows, judgeName) {
    const box = document.getElementById('pn-dots');
    const scored = rows.filter((c) => c.judgeTotals.length);
    box.classList.toggle('hidden', !scored.length);
    if (!scored.length) return;
    const echarts = await loadECharts();
    box.style.height = `${Math.max(160, 48 * scored.length + 80)}px`;
    if (dotChart) dotChart.dispose();
    dotChart = echarts.init(box, null, { renderer: 'svg' });
    const names = scored.map((c) => c.name);
    const point = (c, j, flagged) => ({ value: [Number(j.total), c.name], name: judgeName.get(j.judgeId) || '', flagged });
    const normal = [];
    const flaggedDots = [];
    for (const c of scored) {
      const flagged = new Set(c.flags.map((f) => f.judgeId));
      for (const j of c.judgeTotals) (flagged.has(j.judgeId) ? flaggedDots : normal).push(point(c, j, flagged.has(j.judgeId)));
    }
    const finals = scored.filter((c) => c.total).map((c) => ({ value: [Number(c.total), c.name], name: '最终得分' }));
    dotChart.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 36, bottom: 28, containLabel: true },
      legend: { top: 0, data: ['评委总分', '偏离较大的评委', '最终得分'] },
      tooltip: { formatter: (p) => `${p.value[1]}：${p.name} ${p.value[0].toFixed(1)} 分` },
      xAxis: { type: 'value', scale: true, name: '分', axisLabel: { formatter: '{value}' } },
      yAxis: { type: 'category', data: names, inverse: true },
      series: [
        { name: '评委总分', type: 'scatter', symbolSize: 12, itemStyle: { color: '#5b7bb5' }, data: normal },
        { name: '偏离较大的评委', type: 'scatter', symbol: 'triangle', symbolSize: 18, itemStyle: { color: '#c0392b' }, data: flaggedDots },
        { name: '最终得分', type: 'scatter', symbol: 'diamond', symbolSize: 16, itemStyle: { color: '#2e7d32' }, data: finals },
      ],
    });
  }

  async function renderVersions(pr) {
    const tbody = document.querySelector('#pn-versions tbody');
    let vs;
    try { vs = await call('GET', `/api/judging/panels/${current}/versions`); } catch (e) { tbody.replaceChildren(); return; }
    const names = new Map(pr.judges.map((j) => [j.accountId, j.displayName]));
    const A = { save: '保存草稿', submit: '提交', reopen: '组长退回' };
    // An entry refused because the judge's other device got there first (kept, with its scores).
    const REJECTED = { SHEET_SUBMITTED: '被拒：另一设备已先提交', SHEET_STALE: '被拒：另一设备已修改' };
    const actionText = (v) => (v.action === 'rejected' ? REJECTED[v.reason] || '被拒' : A[v.action]);
    const reasonText = (v) => (v.action === 'rejected' ? '' : v.reason || '');
    tbody.replaceChildren(...vs.map((v) => h('tr', {}, h('td', {}, v.code), h('td', {}, names.get(v.judgeId) || v.judgeId), h('td', {}, v.version === null ? '—' : String(v.version)), h('td', {}, actionText(v)), h('td', {}, v.scores.join(' / ')), h('td.num', {}, v.total), h('td', {}, reasonText(v)), h('td', {}, App.time(v.at)), h('td', {}, v.byName || ''))));
  }

  // ---- actions
  document.getElementById('pn-round').addEventListener('change', () => loadList().catch(msg));
  document.getElementById('pn-refresh').addEventListener('click', () => refresh().catch(msg));
  document.getElementById('pn-lock').addEventListener('click', () => { if (confirm('锁定后评委不能再修改评分，确认锁定？')) act(() => call('POST', `/api/judging/panels/${current}/lock`), '已锁定'); });
  document.getElementById('pn-announce').addEventListener('click', () => act(() => call('POST', `/api/judging/panels/${current}/announce`), '已公布'));
  document.getElementById('pn-judge-add').addEventListener('click', () => {
    const accountId = Number(document.getElementById('pn-judge-pick').value);
    if (!accountId) return;
    act(() => call('POST', `/api/judging/panels/${current}/judges`, { accountId, isHead: document.getElementById('pn-judge-head').checked }), '已添加评委');
  });
  document.getElementById('pn-cand-add').addEventListener('click', () => {
    const entrantIds = [...document.getElementById('pn-cand').selectedOptions].map((o) => Number(o.value));
    if (entrantIds.length) act(() => call('POST', `/api/judging/panels/${current}/contestants`, { entrantIds }), '已加入选手');
  });
  document.getElementById('pn-order-save').addEventListener('click', () => act(() => call('PUT', `/api/judging/panels/${current}/order`, { entrantIds: order }), '顺序已保存'));
  document.getElementById('pn-draw').addEventListener('click', () => {
    const entropy = document.getElementById('pn-entropy').value.split('\n').filter((l) => l.trim() !== '');
    if (!entropy.length) return toast('请先录入随机源取值');
    if (confirm('抽签只进行一次，结果不可更改。确认抽签？')) act(() => call('POST', `/api/judging/panels/${current}/draw`, { entropy }), '抽签完成');
  });
  document.getElementById('pn-draw-record').addEventListener('click', () => App.download(`/api/judging/panels/${current}/draw-record`, `draw-${detail.code}.json`).catch(msg));
  document.getElementById('pn-reopen').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const judgeId = Number(document.getElementById('pn-ro-judge').value);
    const entrantId = Number(document.getElementById('pn-ro-entrant').value);
    const reason = document.getElementById('pn-ro-reason').value;
    act(() => call('POST', `/api/judging/panels/${current}/sheets/${entrantId}/reopen`, { judgeId, reason }), '已退回');
  });
  document.getElementById('pn-edit').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const val = (id) => document.getElementById(id).value.trim();
    const body = { session: val('pn-e-session'), room: val('pn-e-room') || null, sessionDate: val('pn-e-date') || null, sessionTime: val('pn-e-time') || null };
    if (detail.planId === null || detail.planId === undefined) Object.assign(body, { subject: val('pn-e-subject') || null, groupCode: val('pn-e-group') });
    // Only what changed is sent.
    for (const k of Object.keys(body)) if ((detail[k] ?? null) === (body[k] ?? null)) delete body[k];
    if (!Object.keys(body).length) return toast('没有需要保存的修改');
    act(() => call('PATCH', `/api/judging/panels/${current}`, body).then(loadList), '评审组信息已保存');
  });
  document.getElementById('pn-create').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = {
      contestId: contest.id,
      code: document.getElementById('pn-c-code').value.trim(),
      round: document.getElementById('pn-c-round').value,
      groupCode: document.getElementById('pn-c-group').value,
      session: document.getElementById('pn-c-session').value,
    };
    for (const [key, id] of [['subject', 'pn-c-subject'], ['sessionDate', 'pn-c-date'], ['sessionTime', 'pn-c-time'], ['room', 'pn-c-room']]) {
      const v = document.getElementById(id).value.trim();
      if (v) body[key] = v;
    }
    if (me.role === 'city_admin') {
      const school = document.getElementById('pn-c-school').value.trim();
      const district = document.getElementById('pn-c-district').value.trim();
      if (body.round === 'preliminary' && school) body.schoolId = Number(school);
      if (body.round === 'semifinal' && district) body.districtId = Number(district);
    }
    App.api('POST', '/api/judging/panels', body).then((p) => { toast('已新建'); return loadList().then(() => open(p.id)); }).catch((e) => App.showError(document.getElementById('pn-message'), e));
  });
  document.getElementById('pn-logout').addEventListener('click', () => { localStorage.removeItem(App.LINK_KEY); if (link) location.href = '/login.html'; else App.logout(); });

  async function start() {
    try {
      if (link) {
        const mine = await call('GET', '/api/judging/my/panels');
        me = { role: 'judge', id: null };
        document.getElementById('home').href = '/judge.html';
        const p = mine[0];
        if (p) {
          const view = await call('GET', `/api/judging/panels/${p.id}/mine`);
          me.id = view.judge.id;
          document.getElementById('who').textContent = view.judge.displayName;
        }
      } else {
        me = await App.requireLogin(['city_admin', 'district_admin', 'school_admin', 'judge']);
      }
      if (me.role !== 'judge') {
        contest = await App.api('GET', '/api/contests/current');
        labels = App.labelsOf(contest);
        document.getElementById('pn-c-group').replaceChildren(...labels.groups.map((g) => App.h('option', { value: g.code }, g.name)));
        subjectOptions(document.getElementById('pn-c-subject'), null);
        document.getElementById('pn-create').classList.remove('hidden');
        for (const el of document.querySelectorAll('.city-only')) el.classList.toggle('hidden', me.role !== 'city_admin');
        const opts = { school_admin: ['preliminary'], district_admin: ['semifinal'], city_admin: ['preliminary', 'semifinal', 'final'] }[me.role];
        for (const o of document.querySelectorAll('#pn-c-round option')) o.disabled = !opts.includes(o.value);
        document.getElementById('pn-c-round').value = opts[0];
      }
      await loadList();
    } catch (e) {
      if (e && e.message === 'not logged in') return;
      App.showError(document.getElementById('pn-message'), e);
    }
  }
  start();
})();
