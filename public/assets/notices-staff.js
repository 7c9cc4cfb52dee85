/* Staff page of the announcements (school, district, city): lists to publish, notices, objections to resolve. */
(function () {
  'use strict';
  const { api, h, showError, toast } = window.App;
  const errorBox = document.getElementById('ns-error');
  let me;
  let contest;

  document.getElementById('logout').addEventListener('click', () => App.logout());
  for (const b of document.querySelectorAll('#ns-tabs [data-tab]')) {
    b.addEventListener('click', () => {
      for (const x of document.querySelectorAll('#ns-tabs [data-tab]')) x.classList.toggle('active', x === b);
      for (const p of document.querySelectorAll('.tab-panel')) p.classList.toggle('hidden', p.id !== b.dataset.tab);
    });
  }
  const fail = (e) => showError(errorBox, e);

  async function loadReady() {
    const box = document.getElementById('ns-ready-list');
    const ready = await api('GET', `/api/contests/${contest.id}/notices/ready`);
    if (!ready.length) { box.replaceChildren(h('p.muted', {}, '暂无待发布的名单。')); return; }
    box.replaceChildren(...ready.map((r) => {
      const contact = h('input', { maxlength: 300, placeholder: '如：区教师发展中心 电话 0527-8888888（可不填）' });
      const button = h('button.primary', { type: 'button', onclick: async () => {
        button.disabled = true;
        try {
          const body = Object.assign({}, r.action.body);
          if (contact.value.trim()) body.objectionContact = contact.value.trim();
          await api('POST', r.action.path, body);
          toast('公示已发布');
          await refresh();
        } catch (e) { fail(e); } finally { button.disabled = false; }
      } }, '发布公示');
      return h('div.objection', { dataset: { ready: r.kind } },
        h('div', {}, h('strong', {}, r.title), `（${r.rows}人）`),
        h('div.row', {}, h('label.grow', {}, '异议受理联系方式', contact), button));
    }));
  }

  async function loadMine() {
    const list = await api('GET', `/api/contests/${contest.id}/notices/mine`);
    document.querySelector('#ns-mine-table tbody').replaceChildren(...(list.length ? list.map((n) => {
      const [text, cls] = Notices.state(n);
      return h('tr', { dataset: { notice: n.id } },
        h('td', {}, n.title, n.supplementsNoticeId ? h('div.muted', {}, '补充公示') : ''),
        h('td', {}, n.issuerName), h('td.num', {}, String(n.rowCount)),
        h('td', {}, `${Notices.day(n.opens)} 至 ${Notices.closes(n.closes)}`),
        h('td', {}, h('span.badge.' + cls, {}, text)),
        h('td.num', {}, String(n.pendingObjections)),
        h('td.actions', {}, h('a.button', { href: `/api/public/notices/${n.id}/page`, target: '_blank' }, '查看公示')));
    }) : [h('tr', {}, h('td', { colspan: 7 }, '暂无公示'))]));
  }

  function decisionForm(o) {
    const form = h('form.decision', {});
    const up = h('input', { type: 'radio', name: `d${o.id}`, value: 'upheld' });
    const rej = h('input', { type: 'radio', name: `d${o.id}`, value: 'rejected' });
    const falsified = h('input', { type: 'checkbox', name: 'falsified' });
    const deadline = h('input', { type: 'date', name: 'replacementDeadline' });
    const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 1000 });
    const err = h('div.hidden', { role: 'alert' });
    form.append(
      h('label.choice', {}, up, '异议成立'),
      h('label.choice', {}, rej, '异议不成立'),
      o.row ? h('label.choice.wide', {}, falsified, '经核实存在弄虚作假（取消该人员资格，并记入所在学校）') : '',
      o.row ? h('label.wide', {}, '推荐名额的重新推荐截止日期（被取消者为推荐产生时必填）', deadline) : '',
      h('label.wide', {}, '处理意见（将告知异议人）', reason),
      err,
      h('div.row.wide', {}, h('button.primary', { type: 'submit' }, '提交处理决定')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.className = 'hidden';
      const decision = up.checked ? 'upheld' : rej.checked ? 'rejected' : null;
      if (!decision) { err.className = 'notice error'; err.textContent = '请选择异议是否成立'; return; }
      if (!reason.value.trim()) { err.className = 'notice error'; err.textContent = '请填写处理意见'; return; }
      const body = { decision, reason: reason.value.trim() };
      if (decision === 'upheld' && falsified.checked) body.falsified = true;
      if (deadline.value) body.replacementDeadline = deadline.value;
      try {
        await api('POST', `/api/objections/${o.id}/resolve`, body);
        toast('处理决定已保存');
        await refresh();
      } catch (e) {
        if (e instanceof App.ApiError && e.details.some((d) => d.field === 'replacementDeadline')) { err.className = 'notice error'; err.textContent = '被取消资格者为推荐产生，请填写不早于今天的重新推荐截止日期'; }
        else showError(err, e);
      }
    });
    return form;
  }

  function objectionCard(o, withForm) {
    const [text, cls] = Notices.OBJECTION_STATE[o.state];
    return h('div.objection', { dataset: { objection: o.id } },
      h('div.row', {}, h('strong.grow', {}, o.noticeTitle), h('span.badge.' + cls, {}, text)),
      h('div', {}, '异议对象：', o.row ? `${o.row.teacherName}（${o.row.schoolName}，${o.row.subject}，${o.row.group}，${o.row.maskedId}${o.row.note ? '，' + o.row.note : ''}）` : '整份名单'),
      h('div', {}, `异议人：${o.objectorName}　联系方式：${o.objectorContact}　提交时间：${Notices.time(o.lodgedAt)}　回执码：${o.receiptCode}`),
      h('div.grounds', {}, o.grounds),
      o.resolution ? h('div', {}, `处理意见：${o.resolution.reason}（${[o.resolution.resolvedByName, Notices.time(o.resolution.resolvedAt), o.resolution.falsified ? '认定弄虚作假' : '', o.resolution.supplementaryNoticeId ? '已发布补充公示' : ''].filter(Boolean).join('，')}）`) : '',
      withForm ? decisionForm(o) : '');
  }

  async function loadObjections() {
    const tab = document.getElementById('ns-objections-tab');
    if (me.role === 'school_admin') { tab.classList.add('hidden'); return; }
    const all = await api('GET', `/api/contests/${contest.id}/objections`);
    const pending = all.filter((o) => o.state === 'pending');
    const badge = document.getElementById('ns-badge');
    badge.textContent = String(pending.length);
    badge.classList.toggle('hidden', pending.length === 0);
    document.getElementById('ns-pending').replaceChildren(...(pending.length ? pending.map((o) => objectionCard(o, true)) : [h('p.muted', {}, '暂无待处理的异议。')]));
    const done = all.filter((o) => o.state !== 'pending');
    document.getElementById('ns-resolved').replaceChildren(...(done.length ? done.map((o) => objectionCard(o, false)) : [h('p.muted', {}, '暂无。')]));
  }

  async function loadExclusions() {
    if (me.role !== 'city_admin') return;
    document.getElementById('ns-exclude').classList.remove('hidden');
    const r = await api('GET', '/api/districts?pageSize=100');
    const select = document.querySelector('#ns-exclude-form select');
    select.replaceChildren(...(r.items || r).map((d) => h('option', { value: d.id }, d.name)));
  }
  document.getElementById('ns-exclude-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    if (!f.reason.value.trim()) { toast('请填写原因'); return; }
    try {
      await api('POST', `/api/contests/${contest.id}/final-exclusions`, { districtId: Number(f.districtId.value), reason: f.reason.value.trim() });
      toast('已排除该区县');
    } catch (e) { fail(e); }
  });

  async function refresh() {
    errorBox.className = 'hidden';
    try { await Promise.all([loadReady(), loadMine(), loadObjections()]); } catch (e) { fail(e); }
  }

  (async () => {
    try {
      me = await App.requireLogin(['school_admin', 'district_admin', 'city_admin']);
      contest = await api('GET', '/api/contests/current');
      await refresh();
      await loadExclusions();
      if (new URLSearchParams(location.search).get('tab') === 'objections') document.getElementById('ns-objections-tab').click();
    } catch (e) { if (e instanceof App.ApiError) fail(e); }
  })();
})();
