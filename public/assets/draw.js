/* The draw ceremony for the district (semi-final) or city (final) officer: freeze → announce →
 * entropy → run → publish, then withdrawals with reserves. draw.html?id=<draw> or ?allocation=<allocation>. */
(function () {
  'use strict';
  const { api, h, toast, showError, download } = window.App;
  const $ = (id) => document.getElementById(id);


  const STEPS = [
    ['frozen', '① 冻结抽签池'],
    ['announced', '② 发布公告'],
    ['entropy', '③ 录入随机源'],
    ['run', '④ 执行抽签'],
    ['published', '⑤ 公布结果'],
  ];
  const { ENTRANT_SOURCE: SOURCE, ENTRANT_STATUS: STATUS, ROUND_NAME } = App;
  const params = new URLSearchParams(location.search);
  let draw = null;
  let allocations = [];

  function message(el, e) { showError(el, e); }

  function confirmStep(text, fn) {
    return async () => {
      if (!window.confirm(text + '\n此操作不可撤销，确定继续？')) return;
      try {
        draw = await fn();
        toast('已完成：' + text);
        await render();
      } catch (e) { message($('dr-message'), e); }
    };
  }

  function unitsTable() {
    return h('div.table-wrap', {}, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, '单位代码'), h('th', {}, '单位'), h('th.num', {}, '抽签池人数 n'), h('th.num', {}, '抽取人数 d'))),
      h('tbody', {}, draw.units.map((u) => h('tr', {}, h('td', {}, u.code), h('td', {}, u.name), h('td.num', {}, u.n), h('td.num', {}, u.d)))),
    ));
  }

  function announceForm() {
    const list = h('div', {});
    const addRow = () => list.append(h('div.row.source', {},
      h('label.grow', {}, '随机源名称', h('input', { required: true, maxlength: 200, placeholder: '如：双色球第2025142期开奖号码', class: 'src-name' })),
      h('label.grow', {}, '说明（取值方法、时间）', h('input', { required: true, maxlength: 1000, placeholder: '如：2025年12月11日开奖，红球按开奖顺序，蓝球在后', class: 'src-desc' }))));
    addRow();
    const form = h('form', {}, list, h('div.row', {}, h('button', { type: 'button', onclick: addRow }, '增加随机源'), h('button.primary', { type: 'submit' }, '发布公告')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const sources = [...list.querySelectorAll('.source')].map((r) => ({ name: r.querySelector('.src-name').value, description: r.querySelector('.src-desc').value }));
      confirmStep('发布抽签公告', () => api('POST', `/api/draws/${draw.id}/announce`, { sources }))();
    });
    return h('div.card', {}, h('h2', {}, '② 发布公告'), h('p.muted', {}, '公告在任何随机数产生之前发布：池哈希、各单位抽签池人数和抽取人数、协议、将要使用的随机源（须是现在无人知道的数值）。'), form);
  }

  function entropyForm() {
    const inputs = draw.announcement.entropySources.map((s) => h('input', { required: true, maxlength: 1000, 'aria-label': s.name }));
    const form = h('form', {},
      draw.announcement.entropySources.map((s, i) => h('label', {}, `${s.name}（${s.description}）`, inputs[i])),
      h('div.row', {}, h('button.primary', { type: 'submit' }, '录入随机源数值')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      confirmStep('录入随机源数值', () => api('POST', `/api/draws/${draw.id}/entropy`, { values: inputs.map((x) => x.value) }))();
    });
    return h('div.card', {}, h('h2', {}, '③ 录入随机源数值'), h('p.muted', {}, '按随机源公布的原文逐项录入。'), form);
  }

  async function entrantsCard() {
    const list = await api('GET', `/api/draws/${draw.id}/entrants`);
    const err = h('div.hidden', { role: 'alert' });
    const rows = list.map((e) => {
      let action = '';
      if (e.status === 'active') {
        action = h('button', { type: 'button' }, '退出/取消资格');
        action.addEventListener('click', () => {
          // The page's own form (never the browser's prompt box): the kind, the reason and, for a
          // recommended place, the date by which the unit recommends again.
          if (action.nextElementSibling && action.nextElementSibling.matches('form')) return;
          const recommended = e.source === 'recommended' || e.source === 're-recommended';
          const kind = h('select', { 'aria-label': '类型' }, h('option', { value: 'withdrawn' }, '本人退出'), h('option', { value: 'disqualified' }, '取消资格'));
          const reason = h('input', { required: true, maxlength: 500, 'aria-label': '原因' });
          const deadline = recommended ? h('input', { type: 'date', required: true, 'aria-label': '再推荐截止日期' }) : null;
          const form = h('form.withdraw-form', {},
            h('label', {}, '类型', kind),
            h('label', {}, '原因（必填）', reason),
            deadline ? h('label', {}, '推荐名额：单位再推荐的截止日期', deadline) : '',
            h('div.row', {}, h('button.primary', { type: 'submit' }, '确认'), h('button', { type: 'button', onclick: () => form.remove() }, '取消')));
          form.addEventListener('submit', async (ev) => {
            ev.preventDefault();
            const body = { kind: kind.value, reason: reason.value.trim() };
            if (deadline) body.replacementDeadline = deadline.value;
            try {
              const r = await api('POST', `/api/draws/${draw.id}/entrants/${e.entrantId}/withdraw`, body);
              toast(r.replacement ? `已由 ${r.replacement} 递补` : r.place === 'drawn' ? '递补名单已用完，名额空缺' : `等待单位在 ${App.date(r.deadline)} 前再推荐`);
              await render();
            } catch (x) { showError(err, x); }
          });
          action.after(form);
          reason.focus();
        });
      }
      return h(e.status === 'active' ? 'tr' : 'tr.out', {}, h('td', {}, e.unitCode), h('td', {}, e.code), h('td', {}, e.name), h('td', {}, e.idNumber), h('td', {}, e.schoolName),
        h('td', {}, h('span.badge.source-' + e.source, {}, SOURCE[e.source] || e.source), e.replaces ? ` 替 ${e.replaces}` : ''),
        h('td', {}, STATUS[e.status] || e.status, e.withdrawal ? `（${e.withdrawal.reason}）` : ''), h('td', {}, action));
    });
    return h('div.card', {}, h('h2', {}, '晋级名单'), err,
      h('div.table-wrap', {}, h('table', {}, h('thead', {}, h('tr', {}, ['单位', '编号', '姓名', '身份证号', '学校', '来源', '状态', '操作'].map((x) => h('th', {}, x)))), h('tbody', {}, rows))));
  }

  async function render() {
    $('dr-message').className = 'hidden';
    const idx = draw ? STEPS.findIndex(([s]) => s === draw.state) : -1;
    $('dr-steps').replaceChildren(...STEPS.map(([, name], i) => h(i <= idx ? 'li.done' : i === idx + 1 ? 'li.current' : 'li', {}, name)));
    const parts = [];
    if (!draw && !params.get('allocation')) {
      // The officer's allocations of the current contest, each with the way into its ceremony.
      const cards = allocations.map((a) => h('div.card', {},
        h('h3', {}, `${ROUND_NAME[a.round] || ''}名额分配 · 推荐截止 ${App.date(a.recommendationDeadline)}`),
        h('p', {}, `共 ${a.totals.total} 个名额：推荐 ${a.totals.recommended} 个，抽取 ${a.totals.drawn} 个。`),
        h('a.button.primary', { href: a.draw ? `/draw.html?id=${a.draw.id}` : `/draw.html?allocation=${a.id}` }, a.draw ? '继续抽签仪式' : '进入抽签仪式')));
      $('dr-body').replaceChildren(...(cards.length ? cards : [h('div.card', {}, h('p', {}, '还没有名额分配。请先在', h('a', { href: '/advancement.html' }, '名额分配'), '页面分配名额，各单位推荐后再进入抽签仪式。'))]));
      return;
    }
    if (!draw) {
      const btn = h('button.primary', { type: 'button' }, '冻结抽签池');
      btn.addEventListener('click', confirmStep('冻结抽签池（推荐随即截止）', () => api('POST', `/api/allocations/${params.get('allocation')}/draw`)));
      parts.push(h('div.card', {}, h('h2', {}, '① 冻结抽签池'), h('p.muted', {}, '冻结后各单位的抽签池（已参赛且未被推荐的选手）即固定，推荐不能再更改。'), btn));
      $('dr-body').replaceChildren(...parts);
      return;
    }
    $('dr-title').textContent = `抽签仪式 · ${draw.scopeName} · ${ROUND_NAME[draw.round] || draw.round}`;
    parts.push(h('div.card', {}, h('h2', {}, '抽签池'), h('p', {}, '抽签池指纹（池哈希）：', h('span.hash', { id: 'dr-hash' }, draw.poolHash)), h('p.muted', {}, `冻结时间 ${App.time(draw.frozenAt)}`),
      h('details.method', {}, h('summary', {}, '计算方法'), h('p.muted', {}, `抽签按 ${draw.protocol} 协议进行。池哈希是抽签池名单（每行“单位代码,选手编号”，按字节顺序排列）的 SHA-256 值：名单中任何一人变动，指纹都会改变，因此公告后名单不能再被调换。`)),
      unitsTable()));
    if (draw.announcement) {
      parts.push(h('div.card', {}, h('h2', {}, '公告'), h('p', {}, `发布时间 ${App.time(draw.announcement.announcedAt)}`),
        h('ol', {}, draw.announcement.entropySources.map((s, i) => h('li', {}, h('b', {}, s.name), '：', s.description, draw.entropy ? h('div.hash', {}, '数值：' + draw.entropy[i]) : '')))));
    }
    if (draw.state === 'frozen') parts.push(announceForm());
    if (draw.state === 'announced') parts.push(entropyForm());
    if (draw.state === 'entropy') {
      const btn = h('button.primary', { type: 'button' }, '执行抽签');
      btn.addEventListener('click', confirmStep('执行抽签', () => api('POST', `/api/draws/${draw.id}/run`)));
      parts.push(h('div.card', {}, h('h2', {}, '④ 执行抽签'), h('p.muted', {}, '抽签只执行一次，结果由池、随机源数值唯一确定。'), btn));
    }
    if (draw.recordAvailable) {
      parts.push(h('div.card', {}, h('h2', {}, '抽签记录'),
        h('div.row', {}, h('button', { type: 'button', onclick: () => download(`/api/draws/${draw.id}/record.json`, `draw-${draw.id}.json`) }, '下载抽签记录 JSON'),
          draw.state === 'run' ? h('button.primary', { type: 'button', onclick: confirmStep('公布结果（生成晋级名单）', () => api('POST', `/api/draws/${draw.id}/publish`)) }, '⑤ 公布结果') : '',
          draw.state === 'published' ? h('a.button', { href: `/public/draw.html?id=${draw.id}` }, '查看公示页') : ''),
        h('p.muted', {}, '任何人可用命令行复核：npm run -s cli -- verify-draw record.json，输出 MATCH 即一致。')));
    }
    if (draw.state === 'published') parts.push(await entrantsCard());
    $('dr-body').replaceChildren(...parts);
  }

  (async () => {
    try {
      const me = await App.requireLogin(['city_admin', 'district_admin']);
      if (params.get('id')) draw = await api('GET', `/api/draws/${params.get('id')}`);
      else if (params.get('allocation')) {
        const a = await api('GET', `/api/allocations/${params.get('allocation')}`);
        if (a.draw) draw = await api('GET', `/api/draws/${a.draw.id}`);
      } else {
        const contest = await api('GET', '/api/contests/current');
        allocations = contest ? await api('GET', `/api/contests/${contest.id}/allocations`) : [];
        // One allocation to draw: straight into its ceremony.
        const open = allocations.filter((a) => !a.draw || a.draw.state !== 'published');
        if (allocations.length === 1 && open.length === 1) {
          params.set('allocation', String(open[0].id));
          history.replaceState(null, '', `/draw.html?allocation=${open[0].id}`);
        }
      }
      await render();
    } catch (e) {
      if (e instanceof App.ApiError) message($('dr-message'), e);
    }
  })();
})();
