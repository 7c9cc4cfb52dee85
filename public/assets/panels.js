/* Panels page: the organiser (school / district / city) sets up panels — judges, head
 * judge, private links, contestants, order by hand or drawn — and the head judge and the contest
 * office follow progress, outlier flags, results and ranking, every version, lock and announce. */
(function () {
  'use strict';
  const { h, toast } = App;
  App.addErrorTexts({
    INVALID_SHEET: '评分表不符合要求（各项分值合计须为100分）',
    INVALID_SCORES: '分数不符合评分表要求',
    INVALID_DRAW: '抽签参数有误',
    INVALID_ORDER: '顺序须包含本组全部选手且各一次',
    PANEL_NOT_FOUND: '评审组不存在',
    ENTRANT_NOT_FOUND: '选手不存在',
    SHEET_NOT_FOUND: '评分表不存在',
    LINK_NOT_FOUND: '链接不存在',
    NOT_ON_PANEL: '不是本评审组的评委',
    NOT_HEAD_JUDGE: '仅评委组长可以操作',
    RESULTS_NOT_ANNOUNCED: '成绩尚未公布',
    JUDGE_CONFLICT: '回避：评委与选手同校（决赛同区）',
    NOT_A_JUDGE: '该账号不是评委账号',
    ENTRANT_NOT_ELIGIBLE: '选手不属于本评审组的轮次、组别或单位',
    DUPLICATE_PANEL_CODE: '评审组编号已存在',
    ALREADY_ON_PANEL: '已在评审组中',
    HEAD_JUDGE_EXISTS: '本组已有组长',
    PANEL_LOCKED: '评审组已锁定',
    PANEL_NOT_LOCKED: '请先锁定评分再公布',
    PANEL_INCOMPLETE: '尚有评委未提交全部评分，不能锁定',
    ORDER_FIXED: '出场顺序已不能修改（已有评分或已抽签）',
    DRAW_ALREADY_RUN: '本组已抽签，抽签只进行一次',
    SCORES_EXIST: '已有评分，不能移除',
    SHEET_SUBMITTED: '评分表已提交',
    SHEET_NOT_SUBMITTED: '只能退回已提交的评分表',
    SHEET_CONFLICT: '评分表刚被修改，请刷新',
    SHEET_IN_USE: '已有评委按此评分表打分，不能修改',
  });
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
          h('td', {}, p.code), h('td', {}, ROUND[p.round]), h('td', {}, labels.group(p.groupCode)), h('td', {}, p.session),
          h('td', {}, p.state === 'locked' ? (p.announced ? '已公布' : '已锁定') : '评分中'),
          h('td', {}, h('button', { type: 'button', onclick: () => open(p.id) }, '查看'))),
      ),
    );
    if (!rows.length) tbody.append(h('tr', {}, h('td', { colspan: '6', class: 'muted' }, '暂无评审组')));
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
    document.getElementById('pn-d-title').textContent = `${p.code} · ${ROUND[p.round]} · ${labels.group(p.groupCode)} · ${p.session}`;
    const st = document.getElementById('pn-d-state');
    st.textContent = p.state === 'locked' ? (p.announced ? '已公布' : '已锁定') : '评分中';
    st.className = 'badge ' + (p.state === 'locked' ? 'ok' : 'info');
    const canManage = !!(detail && detail.canManage);
    document.getElementById('pn-manage').classList.toggle('hidden', !canManage || p.state === 'locked');
    document.getElementById('pn-lock').classList.toggle('hidden', !canManage || p.state === 'locked');
    document.getElementById('pn-announce').classList.toggle('hidden', !canManage || p.state !== 'locked' || p.announced);
    if (canManage) await renderManage();
    renderProgress(progress);
    const head = me.role === 'judge' && progress.judges.some((j) => j.accountId === me.id && j.isHead);
    document.getElementById('pn-reopen').classList.toggle('hidden', !head || p.state === 'locked');
    await renderResults();
    await renderVersions(progress);
  }

  async function renderManage() {
    const judges = await call('GET', '/api/judging/judges');
    document.querySelector('#pn-judges tbody').replaceChildren(
      ...detail.judges.map((j) =>
        h('tr', {},
          h('td', {}, `${j.displayName}（${j.username}）`), h('td', {}, j.isHead ? '组长' : ''), h('td', {}, j.schoolId ? '学校 ' + j.schoolId : ''),
          h('td', {},
            h('button', { type: 'button', onclick: () => makeLink(j) }, '生成私人链接'),
            h('button', { type: 'button', onclick: () => act(() => call('DELETE', `/api/judging/panels/${current}/judges/${j.accountId}`)) }, '移除'))),
      ),
    );
    const on = new Set(detail.judges.map((j) => j.accountId));
    document.getElementById('pn-judge-pick').replaceChildren(...judges.filter((j) => !on.has(j.id)).map((j) => h('option', { value: String(j.id) }, `${j.displayName}（${j.username}）`)));
    order = detail.contestants.map((c) => c.entrantId);
    renderOrder();
    const cands = await call('GET', `/api/judging/panels/${current}/candidates`);
    document.getElementById('pn-cand').replaceChildren(...cands.map((c) => h('option', { value: String(c.entrantId) }, `${c.code} ${c.name || ''} ${c.subject}`)));
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
          h('td', {}, String(i + 1)), h('td', {}, c.code), h('td', {}, c.name), h('td', {}, c.subject),
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
    document.getElementById('pn-bias').textContent = `统计方法：${r.method === 'trimmed-mean' ? '去掉最高最低分后取平均' : r.method === 'mean' ? '平均' : '中位数'}。` +
      (biased.length ? '系统性偏差：' + biased.map((b) => `${judgeName.get(b.judgeId)} ${b.flag === 'harsh' ? '偏严' : '偏松'}（平均 ${b.averageDeviation}）`).join('；') : '');
  }

  async function renderVersions(pr) {
    const tbody = document.querySelector('#pn-versions tbody');
    let vs;
    try { vs = await call('GET', `/api/judging/panels/${current}/versions`); } catch (e) { tbody.replaceChildren(); return; }
    const names = new Map(pr.judges.map((j) => [j.accountId, j.displayName]));
    const A = { save: '保存草稿', submit: '提交', reopen: '组长退回' };
    tbody.replaceChildren(...vs.map((v) => h('tr', {}, h('td', {}, v.code), h('td', {}, names.get(v.judgeId) || v.judgeId), h('td', {}, String(v.version)), h('td', {}, A[v.action]), h('td', {}, v.scores.join(' / ')), h('td.num', {}, v.total), h('td', {}, v.reason || ''), h('td', {}, v.at), h('td', {}, v.by))));
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
  document.getElementById('pn-create').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = {
      contestId: contest.id,
      code: document.getElementById('pn-c-code').value.trim(),
      round: document.getElementById('pn-c-round').value,
      groupCode: document.getElementById('pn-c-group').value,
      session: document.getElementById('pn-c-session').value,
    };
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
