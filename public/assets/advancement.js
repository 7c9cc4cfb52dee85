/* Allocation report (RULES §4), recommendations and re-recommendations (issue 6).
 * Used by advancement.html (schools, districts) and city.html (the city: the final). Root: #adv-root. */
(function () {
  'use strict';
  const { api, h, toast, showError, download } = window.App;
  const root = document.getElementById('adv-root');
  if (!root) return;


  const ROUND = App.ROUND_NAME;
  let me;
  let contest;

  function isUnitAdmin(a, unitId) {
    return a.round === 'semifinal' ? me.role === 'school_admin' && me.schoolId === unitId : me.role === 'district_admin' && me.districtId === unitId;
  }
  function isOrganiser(a) {
    return a.round === 'final' ? me.role === 'city_admin' : me.role === 'district_admin' && me.districtId === a.districtId;
  }

  function reportTable(a) {
    const t = a.totals;
    return h('div.table-wrap', {},
      h('table.adv-report', {},
        h('thead', {}, h('tr', {}, ['单位代码', '单位', '人数 n', '份额', '整数部分', '余数', '余数排序', '追加', '名额 q', '推荐 r', '抽取 d', '已推荐'].map((x, i) => h(i > 1 ? 'th.num' : 'th', {}, x)))),
        h('tbody', {},
          a.units.map((u) => h('tr', { dataset: { unit: u.code } },
            h('td', {}, u.code), h('td', {}, u.name),
            [u.entrants, u.share, u.floor, u.remainder, u.tieOrder, u.extra ? '+1' : '', u.places, u.recommended, u.drawn, u.recommendedSoFar].map((x) => h('td.num', {}, x)))),
          h('tr.totals', {}, h('td', {}, '合计'), h('td', {}, ''), h('td.num', {}, t.entrants), h('td', { colspan: 5 }, ''), h('td.num', {}, t.total), h('td.num', {}, t.recommended), h('td.num', {}, t.drawn), h('td', {}, '')),
        ),
      ),
      h('p.muted', {}, `晋级比例 ${t.rate}%，推荐比例 ${t.recommendedShare}%；总名额 ${t.total} 个，实际推荐 ${t.recommended} 人，占 ${t.recommendedPercent}%。`),
      h('details.method', {}, h('summary', {}, '计算方法'),
        h('p.muted', {}, `总名额 = ${t.entrants} 人 × ${t.rate}%，四舍五入取整 = ${t.total}。各单位先得其份额（本单位人数 × ${t.rate}%）的整数部分，剩余名额按余数从大到小（余数相同时人数多者优先，再按代码）逐一追加；各单位名额中推荐 ${t.recommendedShare}%（四舍五入），其余抽取。`)),
    );
  }

  /** Who may be recommended: took part (has a score) and is still in the contest. */
  const eligible = (c) => c.tookPart && c.status === 'active';
  /** Ranked by score, the eligible first; the rest after them. */
  function ranked(candidates) {
    return [...candidates].sort((x, y) => (eligible(y) - eligible(x)) || (Number(y.total ?? -1) - Number(x.total ?? -1)) || (x.code < y.code ? -1 : 1));
  }

  async function recommendCard(a, unitId) {
    const card = h('div.card', { dataset: { recommend: unitId } });
    const unit = a.units.find((u) => u.unitId === unitId);
    const candidates = ranked(await api('GET', `/api/allocations/${a.id}/units/${unitId}/candidates`));
    const err = h('div.hidden', { role: 'alert' });
    const closed = a.frozen && a.draw !== null ? '抽签池已冻结，推荐不能再更改。' : a.deadlinePassed ? '已过推荐截止日期。' : '';
    const count = h('b', {}, '0');
    const boxes = [];
    let rank = 0;
    const others = candidates.filter((c) => !eligible(c)).length;
    const rows = candidates.map((c) => {
      const ok = eligible(c);
      const box = h('input', { type: 'checkbox', value: c.entrantId, disabled: !ok || !!closed, checked: c.recommended, 'aria-label': '推荐 ' + c.name });
      box.addEventListener('change', () => { count.textContent = boxes.filter((b) => b.checked).length; });
      boxes.push(box);
      return h(ok ? 'tr' : 'tr.out.hidden', { dataset: { eligible: ok ? 'yes' : 'no' } },
        h('td', {}, h('label.pick', {}, box, h('span', {}, '推荐'))),
        h('td.num', {}, ok ? ++rank : '—'), h('td', {}, c.name), h('td', {}, c.code), h('td', {}, c.subject),
        h('td.score', {}, c.total === null ? '—' : [h('meter', { min: 0, max: 100, value: c.total, 'aria-hidden': 'true' }), h('span', {}, c.total)]),
        h('td', {}, ok ? (c.recommended ? h('span.badge.info', {}, '已推荐') : '') : h('span.badge.warn', {}, c.tookPart ? '已退出' : '未参赛')),
        h('td', {}, c.idNumber));
    });
    count.textContent = boxes.filter((b) => b.checked).length;
    const submit = h('button.primary', { type: 'button', disabled: !!closed }, '提交推荐');
    submit.addEventListener('click', async () => {
      err.className = 'hidden';
      try {
        await api('PUT', `/api/allocations/${a.id}/units/${unitId}/recommendations`, { entrantIds: boxes.filter((b) => b.checked).map((b) => Number(b.value)) });
        toast('推荐已提交');
        await load();
      } catch (e) { showError(err, e); }
    });
    const table = h('table.recommend', {}, h('thead', {}, h('tr', {}, ['推荐', '名次', '姓名', '编号', '学科', '成绩', '状态', '身份证号'].map((x) => h('th', {}, x)))), h('tbody', {}, rows));
    const showOthers = others
      ? h('button', { type: 'button', class: 'show-others', onclick: (ev) => {
        const hidden = table.querySelector('tr.out.hidden') !== null;
        table.querySelectorAll('tr.out').forEach((tr) => tr.classList.toggle('hidden', !hidden));
        ev.target.textContent = hidden ? '隐藏未参赛及已退出的人员' : `显示未参赛及已退出的 ${others} 人`;
      } }, `显示未参赛及已退出的 ${others} 人`)
      : '';
    card.append(
      h('h2', {}, `${unit.name}：推荐${ROUND[a.round]}选手`),
      h('p', {}, `本单位${ROUND[a.round]}名额 ${unit.places} 个，其中推荐 `, h('b', {}, unit.recommended), ' 人、抽取 ', h('b', {}, unit.drawn), ` 人。只能从已参加上一轮比赛（有成绩）的选手中推荐，推荐截止日期：${App.date(a.recommendationDeadline)}（含当日）。选手按成绩从高到低排列。`),
      closed ? h('div.notice.info', {}, closed) : '',
      h('div.table-wrap', {}, table),
      showOthers,
      h('div.row.submit-row', {}, h('span', {}, '已选 ', count, ` / 需推荐 ${unit.recommended} 人`), submit),
      err,
    );
    if (a.draw && a.draw.state === 'published') card.append(await reRecommendPart(a, unitId, candidates));
    return card;
  }

  /** Recommended places that fell free after publication: the unit recommends again before the deadline. */
  async function reRecommendPart(a, unitId, candidates) {
    const wrap = h('div', {});
    const list = await api('GET', `/api/draws/${a.draw.id}/entrants`);
    const advanced = new Set(list.map((e) => e.code));
    const open = list.filter((e) => e.withdrawal && e.withdrawal.place === 'recommended' && !e.withdrawal.filled && candidates.some((c) => c.code === e.code));
    for (const e of open) {
      const err = h('div.hidden', { role: 'alert' });
      const select = h('select', { 'aria-label': '再推荐人选' }, candidates.filter((c) => c.tookPart && c.status === 'active' && !advanced.has(c.code)).map((c) => h('option', { value: c.entrantId }, `${c.code} ${c.name}`)));
      const btn = h('button.primary', { type: 'button' }, '确认再推荐');
      btn.addEventListener('click', async () => {
        try {
          await api('POST', `/api/draws/${a.draw.id}/replacements/${e.withdrawal.replacementId}/recommend`, { entrantId: Number(select.value) });
          toast('已再推荐');
          await load();
        } catch (x) { showError(err, x); }
      });
      wrap.append(h('div.notice.info', {}, `${e.name}（${e.code}）已${e.withdrawal.kind === 'disqualified' ? '被取消资格' : '退出'}：${e.withdrawal.reason}。本单位可在 ${e.withdrawal.deadline}（含当日）前再推荐一人。`), h('div.row', {}, select, btn), err);
    }
    return wrap;
  }

  function allocateForm(round) {
    const err = h('div.hidden', { role: 'alert' });
    const date = h('input', { type: 'date', required: true, 'aria-label': '推荐截止日期' });
    const btn = h('button.primary', { type: 'submit' }, round === 'final' ? '计算决赛名额分配' : '计算复赛名额分配');
    const form = h('form.row', {}, h('label', {}, '推荐截止日期', date), btn);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.className = 'hidden';
      try {
        const body = { round, recommendationDeadline: date.value };
        if (round === 'semifinal') body.districtId = me.districtId;
        await api('POST', `/api/contests/${contest.id}/allocations`, body);
        toast('名额分配已保存');
        await load();
      } catch (e) { showError(err, e); }
    });
    return h('div.card', {}, h('h2', {}, round === 'final' ? '决赛名额分配（各区县）' : '复赛名额分配（本区各校）'),
      h('p.muted', {}, round === 'final' ? '各区县复赛抽签全部公布后，按各区县复赛人数计算。推荐开始前可重新计算。' : '本区各校初赛名单全部提交后，按各校初赛参赛人数计算。推荐开始前可重新计算。'),
      form, err);
  }

  async function load() {
    const allocations = await api('GET', `/api/contests/${contest.id}/allocations`);
    const parts = [];
    const mine = allocations.filter((a) => isOrganiser(a));
    if (me.role === 'district_admin' && !allocations.some((a) => a.round === 'semifinal' && a.districtId === me.districtId && a.frozen)) parts.push(allocateForm('semifinal'));
    if (me.role === 'city_admin' && !allocations.some((a) => a.round === 'final' && a.frozen)) parts.push(allocateForm('final'));
    if (!allocations.length) parts.push(h('div.card', {}, h('p.muted', {}, '尚无名额分配。')));
    // A unit's own recommendation comes first; the whole allocation report after it.
    for (const a of allocations) for (const u of a.units) if (isUnitAdmin(a, u.unitId)) parts.push(await recommendCard(a, u.unitId));
    for (const a of allocations) {
      const links = h('div.row', {},
        h('button', { type: 'button', onclick: () => download(`/api/allocations/${a.id}/report.json`, `allocation-${a.round}-${a.id}.json`) }, '下载 JSON'),
        h('button', { type: 'button', onclick: () => download(`/api/allocations/${a.id}/report.xlsx`, `名额分配-${ROUND[a.round]}-${a.id}.xlsx`) }, '下载 Excel'),
        mine.includes(a) ? h('a.button.primary', { href: a.draw ? `/draw.html?id=${a.draw.id}` : `/draw.html?allocation=${a.id}` }, '抽签仪式') : '',
        a.draw && a.draw.state === 'published' ? h('a.button', { href: `/public/draw.html?id=${a.draw.id}` }, '公示名单') : '',
      );
      parts.push(h('div.card', { dataset: { allocation: a.id } },
        h('h2', {}, `${ROUND[a.round]}名额分配`, a.frozen ? h('span.badge.info', {}, ' 已锁定') : ''),
        h('p.muted', {}, `推荐截止日期：${a.recommendationDeadline}（含当日）${a.deadlinePassed ? '，已截止' : ''}；抽签：${a.draw ? App.DRAW_STATE[a.draw.state][0] : '未开始'}`),
        reportTable(a), links));
    }
    root.replaceChildren(...parts);
  }

  (async () => {
    try {
      me = await App.requireLogin(['city_admin', 'district_admin', 'school_admin']);
      contest = await api('GET', '/api/contests/current');
      await load();
    } catch (e) {
      if (e instanceof App.ApiError) root.replaceChildren(showError(h('div'), e));
    }
  })();
})();
