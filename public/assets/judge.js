/* The judge's tablet page: the judge's contestants in order, a sheet per contestant with
 * on-the-spot checks and a running total, save as draft, submit with confirmation, read-only after.
 * Every save/submit goes first to an outbox in localStorage with a client-generated id, and is sent
 * from there (again when the network returns): a resend never stores twice on the server. */
(function () {
  'use strict';
  const { h, toast } = App;
  const OUTBOX_KEY = 'judge.outbox';
  const LINK_KEY = App.LINK_KEY;


  // ---- who am I: a private link (#k=…) or a login
  const link = App.judgeLink();
  const call = (method, path, body) => App.api(method, path, body, link ? { link } : undefined);

  // ---- the outbox
  // One outbox per judge on this device (a shared tablet never sends one judge's entries as another's).
  function outboxKey() {
    if (link) return OUTBOX_KEY + '.k' + link.slice(0, 16);
    const u = App.user();
    return u && u.id ? OUTBOX_KEY + '.u' + u.id : null;
  }
  function outbox() { const k = outboxKey(); if (!k) return []; try { return JSON.parse(localStorage.getItem(k) || '[]'); } catch { return []; } }
  function setOutbox(items) { const k = outboxKey(); if (k) localStorage.setItem(k, JSON.stringify(items)); renderBadge(); }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }
  function renderBadge() {
    // Contestants waiting, not requests: a draft and its submission are one contestant.
    const n = new Set(outbox().map((x) => x.panelId + ':' + x.entrantId)).size;
    const el = document.getElementById('jg-outbox');
    el.textContent = n + ' 条未发送';
    el.classList.toggle('hidden', n === 0);
    document.getElementById('jg-net').classList.toggle('hidden', navigator.onLine);
  }

  let flushing = false;
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (;;) {
        const items = outbox();
        if (!items.length) break;
        const it = items[0];
        try {
          // The version this device last read of the sheet (its own earlier sends included): the
          // server refuses the entry if the other device changed the sheet since.
          const c = panel && panel.panel.id === it.panelId ? contestant(it.entrantId) : null;
          const body = { clientId: it.clientId, scores: it.scores, submit: it.submit };
          if (c) body.baseVersion = c.version;
          const r = await call('PUT', `/api/judging/panels/${it.panelId}/sheets/${it.entrantId}`, body);
          setOutbox(outbox().filter((x) => x.clientId !== it.clientId));
          applyServer(r);
        } catch (e) {
          // Offline, logged out (401), busy or failing server: keep it and try again later.
          if (e.status === 0 || e.status === 401 || e.status === 408 || e.status === 429 || e.status >= 500) break;
          setOutbox(outbox().filter((x) => x.clientId !== it.clientId));
          if (e.code === 'SHEET_SUBMITTED' || e.code === 'SHEET_STALE') showConflict(e, it);
          else toast('未能保存：' + e.text);
          if (panel && panel.panel.id === it.panelId) await loadPanel(it.panelId);
        }
      }
    } finally {
      flushing = false;
      renderBadge();
      renderList();
    }
  }
  window.addEventListener('online', () => { renderBadge(); if (!panel) start(); else flush(); });
  window.addEventListener('offline', renderBadge);
  setInterval(() => { if (outbox().length) flush(); }, 4000);

  // ---- state
  let panel = null; // GET /api/judging/panels/:id/mine
  let current = null; // entrantId

  function contestant(id) { return panel && panel.contestants.find((c) => c.entrantId === id); }
  function pendingOf(id) { return outbox().filter((x) => panel && x.panelId === panel.panel.id && x.entrantId === id); }

  function applyServer(r) {
    const c = contestant(r.entrantId);
    if (!c || !panel || panel.panel.id !== r.panelId) return;
    c.version = r.version; // the next entry of this device is based on it
    if (pendingOf(c.entrantId).length) return; // newer local entries still to send
    Object.assign(c, { state: r.state, scores: r.scores, total: r.total });
    if (current === c.entrantId) renderSheet();
  }

  /** The contestant as shown: the server's state, overlaid with what waits in the outbox. */
  function shown(c) {
    const p = pendingOf(c.entrantId);
    if (!p.length) return { state: c.state, scores: c.scores, pending: false };
    const last = p[p.length - 1];
    return { state: last.submit ? 'submitted' : 'draft', scores: last.scores.map((s) => (s === null ? '' : String(s))), pending: true };
  }

  const STATE_TEXT = { none: '未评分', draft: '草稿', submitted: '已提交' };
  const STATE_CLASS = { none: '', draft: 'warn', submitted: 'ok' };

  function renderList() {
    if (!panel) return;
    const ol = document.getElementById('jg-contestants');
    ol.replaceChildren(
      ...panel.contestants.map((c) => {
        const s = shown(c);
        return h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: current === c.entrantId ? 'current' : '', dataset: { entrant: String(c.entrantId) }, onclick: () => select(c.entrantId) },
            h('span', {}, `${c.position}. ${c.name || c.code}`),
            h('span', {}, c.conflict ? h('span.badge.bad', {}, '回避') : s.pending
              ? h('span.badge.info', { 'data-state': 'queued' }, s.state === 'submitted' ? '已保存在本机，待发送' : '草稿已保存在本机，待发送')
              : h('span.badge' + (STATE_CLASS[s.state] ? '.' + STATE_CLASS[s.state] : ''), { 'data-state': s.state }, STATE_TEXT[s.state])),
          ),
        );
      }),
    );
  }

  function select(id) {
    current = id;
    renderList();
    renderSheet();
  }

  /** Checks one input against its item: '' (empty), a number with at most one decimal, 0..points. Returns tenths or an error text. */
  function check(value, points) {
    const v = value.trim();
    if (v === '') return { empty: true };
    if (!/^\d{1,3}(\.\d)?$/.test(v)) return { error: '请输入数字，最多一位小数' };
    const [i, d] = v.split('.');
    const t = Number(i) * 10 + Number(d || 0);
    if (t > points * 10) return { error: `超出范围：0–${points} 分` };
    return { tenths: t };
  }

  function fmt(t) { return Math.floor(t / 10) + '.' + (t % 10); }

  function readForm() {
    const c = contestant(current);
    const inputs = [...document.querySelectorAll('#jg-items input')];
    let total = 0;
    let bad = 0;
    let empty = 0;
    inputs.forEach((input, i) => {
      const r = check(input.value, c.items[i].points);
      const err = input.closest('.jg-item').querySelector('.err');
      input.classList.toggle('invalid', !!r.error);
      input.setAttribute('aria-invalid', r.error ? 'true' : 'false');
      err.textContent = r.error || '';
      if (r.error) bad++;
      else if (r.empty) empty++;
      else total += r.tenths;
    });
    document.getElementById('jg-total').textContent = fmt(total);
    if (!bad) document.getElementById('jg-form-error').classList.add('hidden');
    return { total, bad, empty, scores: inputs.map((x) => (x.value.trim() === '' ? null : x.value.trim())) };
  }

  function renderSheet() {
    const c = contestant(current);
    document.getElementById('jg-empty').classList.toggle('hidden', !!c);
    document.getElementById('jg-form').classList.toggle('hidden', !c);
    if (!c) return;
    const s = shown(c);
    const locked = panel.panel.state === 'locked';
    const readonly = s.state === 'submitted' || locked || c.conflict;
    document.getElementById('jg-name').textContent = `${c.position}. ${c.name} (${c.code})`;
    document.getElementById('jg-meta').textContent = `学科：${c.subjectName}` + (c.conflict ? ' · 回避：您不能为该选手打分' : '');
    const st = document.getElementById('jg-state');
    st.textContent = s.pending ? (s.state === 'submitted' ? '已保存在本机，待发送' : '草稿已保存在本机，待发送') : STATE_TEXT[s.state];
    st.className = 'badge ' + (s.pending ? 'info' : STATE_CLASS[s.state] || '');
    document.getElementById('jg-items').replaceChildren(
      ...c.items.map((it, i) =>
        h(
          'div.jg-item',
          {},
          h('label', { for: 'jg-in-' + it.key }, h('span', {}, it.name), h('span.max', {}, `满分 ${it.points} 分`)),
          h('input', {
            id: 'jg-in-' + it.key,
            'data-key': it.key,
            type: 'text',
            inputmode: 'decimal',
            autocomplete: 'off',
            value: s.scores[i] || '',
            disabled: readonly,
            'aria-label': `${it.name}（满分 ${it.points} 分）`,
            oninput: readForm,
          }),
          h('div.err', { 'aria-live': 'polite' }),
        ),
      ),
    );
    for (const id of ['jg-save', 'jg-submit']) document.getElementById(id).disabled = readonly;
    document.getElementById('jg-readonly').classList.toggle('hidden', s.state !== 'submitted');
    document.getElementById('jg-form-error').classList.add('hidden');
    readForm();
  }

  /**
   * The other device of this judge got there first: the entry was refused and kept on the server as
   * a rejected version. Shown until dismissed (not a passing toast), with both totals.
   */
  function showConflict(e, it) {
    const d = (f) => ((e.details || []).find((x) => x.field === f) || {}).message;
    const c = panel && panel.panel.id === it.panelId ? contestant(it.entrantId) : null;
    const who = c ? `${c.position}. ${c.name || c.code}` : '该选手';
    const mine = d('rejected.total');
    const theirs = d('current.total');
    const text =
      e.code === 'SHEET_SUBMITTED'
        ? `${who}：另一台设备已先提交该评分表（总分 ${theirs} 分）。本机${it.submit ? '提交' : '保存'}的评分（总分 ${mine} 分）未被采用，已作为被拒版本保存，评委组长可以查看。如需更正，请联系评委组长退回。`
        : `${who}：该评分表已在另一台设备上修改（现为${d('current.state') === 'submitted' ? '已提交' : '草稿'}，总分 ${theirs} 分）。本机的评分（总分 ${mine} 分）未被采用，已作为被拒版本保存。页面已显示最新内容，请核对后再保存。`;
    const box = document.getElementById('jg-conflict');
    document.getElementById('jg-conflict-text').textContent = text;
    box.dataset.code = e.code;
    box.dataset.mine = mine || '';
    box.dataset.theirs = theirs || '';
    box.classList.remove('hidden');
  }
  document.getElementById('jg-conflict-ok').addEventListener('click', () => document.getElementById('jg-conflict').classList.add('hidden'));

  function formError(text) {
    const el = document.getElementById('jg-form-error');
    el.className = 'notice error';
    el.textContent = text;
  }

  function enqueue(submit, scores) {
    setOutbox([...outbox(), { clientId: uuid(), panelId: panel.panel.id, entrantId: current, scores, submit, at: new Date().toISOString() }]);
    renderList();
    renderSheet();
    flush();
  }

  document.getElementById('jg-save').addEventListener('click', () => {
    const f = readForm();
    if (f.bad) return formError('有分数不符合要求，请改正后再保存');
    enqueue(false, f.scores);
    toast('已保存草稿');
  });

  let pendingSubmit = null;
  document.getElementById('jg-submit').addEventListener('click', () => {
    const f = readForm();
    if (f.bad) return formError('有分数不符合要求，请改正后再提交');
    if (f.empty) return formError(`还有 ${f.empty} 项未打分`);
    pendingSubmit = f.scores;
    const c = contestant(current);
    document.getElementById('jg-confirm-text').textContent = `${c.name}（${c.code}）总分 ${fmt(f.total)} 分，确认提交？`;
    document.getElementById('jg-confirm').classList.remove('hidden');
    document.getElementById('jg-confirm-ok').focus();
  });
  document.getElementById('jg-confirm-cancel').addEventListener('click', () => {
    pendingSubmit = null;
    document.getElementById('jg-confirm').classList.add('hidden');
  });
  document.getElementById('jg-confirm-ok').addEventListener('click', () => {
    document.getElementById('jg-confirm').classList.add('hidden');
    if (!pendingSubmit) return;
    const scores = pendingSubmit;
    pendingSubmit = null;
    enqueue(true, scores);
    toast('已提交');
  });

  document.getElementById('jg-logout').addEventListener('click', () => {
    localStorage.removeItem(LINK_KEY);
    if (link) location.href = '/login.html';
    else App.logout();
  });

  async function loadPanel(id) {
    panel = await call('GET', `/api/judging/panels/${id}/mine`);
    document.getElementById('jg-panels').classList.add('hidden');
    document.getElementById('jg-work').classList.remove('hidden');
    document.getElementById('jg-title').textContent = `评委打分 · ${panel.panel.name || panel.panel.session}`;
    document.getElementById('jg-panel-name').textContent = `选手（按出场顺序）` + (panel.panel.state === 'locked' ? ' · 已锁定' : '');
    document.getElementById('who').textContent = panel.judge.displayName + (panel.judge.isHead ? '（组长）' : '');
    const head = document.getElementById('jg-head');
    head.classList.toggle('hidden', !panel.judge.isHead);
    head.href = '/panels.html' + (link ? '#k=' + link : '');
    renderList();
    renderSheet();
    // Other tablet features (报告问题) follow the panel shown.
    document.dispatchEvent(new CustomEvent('judge:panel', { detail: { panelId: panel.panel.id, isHead: panel.judge.isHead, link, contestants: panel.contestants.map((c) => ({ entrantId: c.entrantId, name: c.name, position: c.position })) } }));
  }

  async function start() {
    renderBadge();
    try {
      // Who is logged in and the judge's panels are asked for together: one round trip less on a slow network.
      const [, panels] = await Promise.all([link ? null : App.requireLogin(['judge']), call('GET', '/api/judging/my/panels')]);
      if (panels.length === 1) return await loadPanel(panels[0].id);
      const box = document.getElementById('jg-panels');
      box.classList.remove('hidden');
      const list = document.getElementById('jg-panel-list');
      if (!panels.length) list.replaceChildren(h('p.muted', {}, '您还没有被安排到评审组。'));
      else
        list.replaceChildren(
          ...panels.map((p) =>
            h('button', { type: 'button', dataset: { panel: String(p.id) }, onclick: () => loadPanel(p.id).catch(show) }, `${p.contestName} · ${p.name || p.session} · 已提交 ${p.submitted}/${p.contestants}` + (p.isHead ? ' · 组长' : '')),
          ),
        );
    } catch (e) {
      show(e);
    }
    flush();
  }
  function show(e) {
    if (e && e.message === 'not logged in') return;
    App.showError(document.getElementById('jg-message'), e);
  }
  start();
})();
