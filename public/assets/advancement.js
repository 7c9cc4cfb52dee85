/* Allocation report (RULES §4), recommendations and re-recommendations.
 * Used by advancement.html (schools, districts) and city.html (the city: the final). Root: #adv-root. */
(function () {
  'use strict';
  const { api, h, toast, showError, download } = window.App;
  const root = document.getElementById('adv-root');
  if (!root) return;

  App.addErrorTexts({
    LISTS_NOT_SUBMITTED: '还有学校未提交初赛名单，暂不能分配复赛名额',
    DRAWS_NOT_PUBLISHED: '还有区县未公布复赛抽签结果，暂不能分配决赛名额',
    ALLOCATION_NOT_FOUND: '未找到名额分配',
    ALLOCATION_FROZEN: '推荐已经开始，名额分配已锁定',
    INVALID_ALLOCATION: '名额分配参数有误',
    RECOMMENDATION_COUNT: '推荐人数必须恰好等于推荐名额',
    RECOMMENDATION_DUPLICATE: '同一人不能重复推荐',
    RECOMMENDATION_NOT_IN_UNIT: '只能推荐本单位的选手',
    RECOMMENDATION_NOT_ELIGIBLE: '该选手不符合推荐条件（未参赛、已退出或已晋级）',
    RECOMMENDATION_DEADLINE_PASSED: '已过推荐截止日期',
    POOL_FROZEN: '抽签池已冻结，推荐不能再更改',
    RECOMMENDATIONS_INCOMPLETE: '还有单位未完成推荐，且推荐截止日期未到',
    NO_PLACE_TO_FILL: '该名额已补足',
  });

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
      h('p.muted', {}, `晋级比例 ${t.rate}%，推荐比例 ${t.recommendedShare}%；总名额 T = round_half_up(${t.rate}% × ${t.entrants}) = ${t.total}；实际推荐 ${t.recommended} 人，占 ${t.recommendedPercent}%。各单位先得整数部分，剩余名额按余数从大到小（余数相同时人数多者优先，再按代码）逐一追加。`),
    );
  }

  async function recommendCard(a, unitId) {
    const card = h('div.card', { dataset: { recommend: unitId } });
    const unit = a.units.find((u) => u.unitId === unitId);
    const candidates = await api('GET', `/api/allocations/${a.id}/units/${unitId}/candidates`);
    const err = h('div.hidden', { role: 'alert' });
    const closed = a.frozen && a.draw !== null ? '抽签池已冻结，推荐不能再更改。' : a.deadlinePassed ? '已过推荐截止日期。' : '';
    const count = h('b', {}, '0');
    const boxes = [];
    const rows = candidates.map((c) => {
      const ok = c.tookPart && c.status === 'active';
      const box = h('input', { type: 'checkbox', value: c.entrantId, disabled: !ok || !!closed, checked: c.recommended, 'aria-label': '推荐 ' + c.name });
      box.addEventListener('change', () => { count.textContent = boxes.filter((b) => b.checked).length; });
      boxes.push(box);
      return h('tr', {}, h('td', {}, box), h('td', {}, c.code), h('td', {}, c.name), h('td', {}, c.idNumber), h('td', {}, c.subject), h('td.num', {}, c.total ?? '—'),
        h('td', {}, ok ? (c.recommended ? h('span.badge.info', {}, '已推荐') : '') : h('span.badge.warn', {}, c.tookPart ? '已退出' : '未参赛')));
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
    card.append(
      h('h2', {}, `${unit.name}：推荐${ROUND[a.round]}选手`),
      h('p', {}, `本单位${ROUND[a.round]}名额 ${unit.places} 个，其中推荐 `, h('b', {}, unit.recommended), ' 人、抽取 ', h('b', {}, unit.drawn), ` 人。只能从已参加上一轮比赛（有成绩）的选手中推荐，推荐截止日期：${a.recommendationDeadline}（含当日）。`),
      closed ? h('div.notice.info', {}, closed) : '',
      h('p', {}, '已选 ', count, ` / 需推荐 ${unit.recommended} 人`),
      err,
      h('div.table-wrap', {}, h('table', {}, h('thead', {}, h('tr', {}, ['推荐', '编号', '姓名', '身份证号', '学科', '成绩', '状态'].map((x) => h('th', {}, x)))), h('tbody', {}, rows))),
      h('div.row', {}, submit),
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
    for (const a of allocations) {
      const links = h('div.row', {},
        h('button', { type: 'button', onclick: () => download(`/api/allocations/${a.id}/report.json`, `allocation-${a.round}-${a.id}.json`) }, '下载 JSON'),
        h('button', { type: 'button', onclick: () => download(`/api/allocations/${a.id}/report.xlsx`, `名额分配-${ROUND[a.round]}-${a.id}.xlsx`) }, '下载 Excel'),
        mine.includes(a) ? h('a.button.primary', { href: a.draw ? `/draw.html?id=${a.draw.id}` : `/draw.html?allocation=${a.id}` }, '抽签仪式') : '',
        a.draw && a.draw.state === 'published' ? h('a.button', { href: `/public/draw.html?id=${a.draw.id}` }, '公示名单') : '',
      );
      parts.push(h('div.card', { dataset: { allocation: a.id } },
        h('h2', {}, `${ROUND[a.round]}名额分配`, a.frozen ? h('span.badge.info', {}, ' 已锁定') : ''),
        h('p.muted', {}, `推荐截止日期：${a.recommendationDeadline}（含当日）${a.deadlinePassed ? '，已截止' : ''}；抽签：${a.draw ? a.draw.state : '未开始'}`),
        reportTable(a), links));
      for (const u of a.units) if (isUnitAdmin(a, u.unitId)) parts.push(await recommendCard(a, u.unitId));
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
