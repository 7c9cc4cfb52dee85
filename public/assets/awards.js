/* Prizes, awards and certificates: the district (its semi-final) and the city (the final) compute,
 * review (a bar per group showing the levels), publish and issue; a school sees its teachers' awards. */
(function () {
  'use strict';
  const { api, h, requireLogin, download, logout } = window.App;
  const { bjTime, showErr, STATE } = window.Awards;
  const $ = (id) => document.getElementById(id);
  const LEVEL_COLORS = { first: '#b3261e', second: '#1f5fa8', third: '#1e7d32' };
  let me, contest;

  $('logout').addEventListener('click', () => logout(true));

  function message(text, kind) {
    const m = $('aw-message');
    m.className = 'notice ' + (kind || 'ok');
    m.textContent = text;
  }

  function chart(report) {
    if (!window.echarts) return;
    const el = $('aw-chart');
    const c = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
    const names = report.groups.map((g) => `${g.subjectName}·${g.groupName}`);
    const series = report.levels.map((l, i) => ({
      name: l.name, type: 'bar', stack: 'prizes', itemStyle: { color: LEVEL_COLORS[l.prize] },
      data: report.groups.map((g) => g.levels[i].count),
    }));
    series.push({ name: '未获奖', type: 'bar', stack: 'prizes', itemStyle: { color: '#d8dde6' },
      data: report.groups.map((g) => g.contestants - g.levels.reduce((s, l) => s + l.count, 0)) });
    c.setOption({ tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 40, right: 16, bottom: 80 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', name: '人数', minInterval: 1 }, series }, true);
    window.addEventListener('resize', () => c.resize());
  }

  function shiftText(g) {
    const out = [];
    for (const s of g.tieShifts) {
      const lv = g.levels.find((l) => l.prize === s.prize).name;
      const from = s.takenFrom.map((t) => `${g.levels.find((l) => l.prize === t.prize).name}减少 ${t.count} 名`).join('，');
      out.push(`第 ${s.rank} 名并列：${lv}增加 ${s.added} 名${from ? '，' + from : ''}${s.overflow ? `，本组多设 ${s.overflow} 个奖项` : ''}`);
    }
    for (const c of g.cuts) out.push(`${g.levels.find((l) => l.prize === c.prize).name}因超过本组人数削减 ${c.count} 名（不移至其他组别）`);
    for (const l of g.levels) if (l.forced) out.push(`按“每组至少一个一等奖”规则增设一等奖 1 名`);
    return out;
  }

  function report(v) {
    const r = v.report;
    $('aw-report-card').classList.remove('hidden');
    chart(r);
    $('aw-totals').replaceChildren(h('p', {}, `参赛（有成绩）${r.contestants} 人；` + r.levels.map((l) => `${l.name}比例 ${l.share}%，应设 ${l.total} 个，实际 ${l.awarded} 个`).join('；') + (r.options.firstPrizeInEveryGroup ? '；已启用“每组至少一个一等奖”' : '')));
    const byEntrant = new Map(v.awards.filter((a) => a.entrantId).map((a) => [a.entrantId, a]));
    $('aw-groups').replaceChildren(...r.groups.map((g) => h('div.aw-group', { dataset: { group: g.code } },
      h('h3', {}, `${g.subjectName}·${g.groupName}（${g.contestants} 人）`),
      h('div.table-wrap', {}, h('table', {},
        h('thead', {}, h('tr', {}, ['奖项', '比例', '应得份额', '整数部分', '余数', '余数排序', '追加', '保底', '削减', '并列增加', '并列让出', '获奖人数'].map((t) => h('th', {}, t)))),
        h('tbody', {}, g.levels.map((l) => h('tr', {}, h('td', {}, l.name), h('td.num', {}, l.share + '%'), h('td.num', {}, l.exactShare), h('td.num', {}, l.floor),
          h('td.num', {}, l.remainder), h('td.num', {}, l.tieOrder), h('td.num', {}, l.extra), h('td.num', {}, l.forced), h('td.num', {}, l.cut),
          h('td.num', {}, l.tieShiftIn), h('td.num', {}, l.tieShiftOut), h('td.num', {}, l.count)))))),
      ...shiftText(g).map((t) => h('p.aw-shift', {}, t)),
      h('div.table-wrap', {}, h('table.aw-winners', {},
        h('thead', {}, h('tr', {}, ['名次', '姓名', '学校', '总分', '奖项'].map((t) => h('th', {}, t)))),
        h('tbody', {}, g.ranking.filter((x) => x.prize).map((x) => {
          const a = byEntrant.get(x.entrantId);
          const revoked = a && a.status === 'revoked';
          return h('tr' + (revoked ? '.revoked' : ''), {}, h('td.num', {}, x.rank), h('td', {}, x.name), h('td', {}, x.schoolName), h('td.num', {}, x.total),
            h('td.prize', {}, (g.levels.find((l) => l.prize === x.prize) || {}).name + (revoked ? '（已撤销）' : '')));
        })))))));

    const card = $('aw-school-awards');
    card.classList.toggle('hidden', !r.team && !r.organisation);
    if (r.team) {
      $('aw-school-title').textContent = '优秀团队奖';
      $('aw-team').replaceChildren(...r.team.map((t) => h('div.aw-group', {},
        h('h3', {}, `${t.districtName} · ${t.central ? '中心校' : '非中心校'}（${t.schools} 所，获奖名额 ${t.places}，实际 ${t.awarded}）`),
        h('table', {}, h('thead', {}, h('tr', {}, ['名次', '学校', '获奖教师', '初赛人数', '团队得分', '结果'].map((x) => h('th', {}, x)))),
          h('tbody', {}, t.rows.map((x) => h('tr', {}, h('td.num', {}, x.rank ?? '—'), h('td', {}, x.schoolName), h('td.num', {}, x.winners), h('td.num', {}, x.entrants),
            h('td.num', {}, x.score ? `${x.score}（${x.percent}%）` : '不参评'), h('td', {}, x.awarded ? '优秀团队奖' : x.excluded === 'falsification' ? '存在弄虚作假情形' : x.excluded ? '无初赛参赛人员' : '')))))))); 
    } else $('aw-team').replaceChildren();
    if (r.organisation) {
      $('aw-school-title').textContent = '组织奖';
      $('aw-org').replaceChildren(h('table', {}, h('thead', {}, h('tr', {}, ['学校', '参赛率', '按时报送', '无成立的异议', '结果'].map((x) => h('th', {}, x)))),
        h('tbody', {}, r.organisation.map((x) => h('tr', {}, h('td', {}, x.schoolName), h('td.num', {}, x.participation ? `${x.entrants}/${x.expected}（${x.percent}%）` : '—'),
          h('td', {}, x.onTime ? '是' : '否'), h('td', {}, x.noUpheldObjection ? '是' : '否'), h('td', {}, x.awarded ? '组织奖' : ''))))));
    } else $('aw-org').replaceChildren();
  }

  function actions(v, round, districtId) {
    const box = $('aw-actions');
    const btn = (id, text, fn, primary) => h('button' + (primary ? '.primary' : ''), { type: 'button', id, onclick: async (ev) => {
      ev.target.disabled = true;
      try { await fn(); } catch (e) { showErr($('aw-message'), e); } finally { ev.target.disabled = false; }
    } }, text);
    const compute = async () => {
      const body = { round };
      if (districtId) body.districtId = districtId;
      const res = await api('POST', `/api/contests/${contest.id}/award-rounds`, body);
      message(`已计算：共 ${res.awards.length} 个奖项，请核对后公示`);
      await load();
    };
    const items = [];
    if (!v || v.state === 'computed') items.push(btn('aw-compute', v ? '重新计算' : '计算奖项', compute, !v));
    if (v && v.state === 'computed') items.push(btn('aw-publish', '发布获奖公示', async () => {
      if (!confirm('公示后名单不再重新计算，确定发布？')) return;
      await api('POST', `/api/award-rounds/${v.id}/publish`);
      message('已发布获奖名单公示');
      await load();
    }, true));
    if (v && v.state === 'published') items.push(btn('aw-finalise', '公示期满，颁发证书', async () => {
      await api('POST', `/api/award-rounds/${v.id}/finalise`);
      message('证书编号已生成');
      await load();
    }, true));
    if (v) {
      items.push(btn('aw-xlsx', '下载获奖名单（Excel）', () => download(`/api/award-rounds/${v.id}/report.xlsx`, `获奖名单-${v.roundName}.xlsx`)));
      items.push(btn('aw-json', '下载计算报告（JSON）', () => download(`/api/award-rounds/${v.id}/report.json`, `获奖计算报告-${v.roundName}.json`)));
    }
    if (v && v.noticeId) items.push(h('a.button', { href: `/api/public/notices/${v.noticeId}/page`, target: '_blank' }, '查看公示'));
    if (v && v.state === 'final') items.push(h('a.button', { id: 'aw-print-all', href: `/certificate.html?round=${v.id}` }, '打印全部证书'));
    box.replaceChildren(...items);
    corrections(v);
    const st = v ? STATE[v.state] : ['尚未计算', ''];
    $('aw-state').replaceChildren(h('span.badge' + (st[1] ? '.' + st[1] : ''), { id: 'aw-state-badge' }, st[0]),
      v ? h('span.muted', {}, `　计算于 ${bjTime(v.computedAt)}${v.publishedAt ? '，公示于 ' + bjTime(v.publishedAt) : ''}${v.finalAt ? '，确定于 ' + bjTime(v.finalAt) : ''}`) : '');
  }

  /** After publication the list is never recomputed: a correction of one award is announced in a supplementary notice. */
  function corrections(v) {
    const card = $('aw-correct-card');
    card.classList.toggle('hidden', !v || v.state === 'computed');
    if (!v || v.state === 'computed') return;
    const award = $('aw-correct-award');
    award.replaceChildren(...v.awards.map((a) => h('option', { value: a.id },
      `${a.position}. ${a.label} · ${a.holderName}${a.holderKind === 'teacher' ? '（' + a.schoolName + '）' : ''}${a.status === 'revoked' ? ' · 已撤销' : ''}`)));
    const list = v.awards.filter((a) => a.correctionNoticeId);
    $('aw-corrected').replaceChildren(...(list.length ? [h('table', {}, h('thead', {}, h('tr', {}, ['奖项', '获奖人（单位）', '现状', '补充公示'].map((x) => h('th', {}, x)))),
      h('tbody', {}, list.map((a) => h('tr', {}, h('td', {}, a.label), h('td', {}, a.holderName), h('td', {}, a.status === 'revoked' ? '已撤销' : '有效'),
        h('td', {}, h('a', { href: `/api/public/notices/${a.correctionNoticeId}/page`, target: '_blank' }, '查看补充公示'))))))] : [h('p.muted', {}, '尚无更正')]));
    $('aw-correct-form').onsubmit = async (ev) => {
      ev.preventDefault();
      const action = $('aw-correct-action').value;
      const body = { awardId: Number(award.value), action, reason: $('aw-correct-reason').value.trim() };
      if (action === 'amend') {
        if ($('aw-correct-holder').value.trim()) body.holderName = $('aw-correct-holder').value.trim();
        if ($('aw-correct-school').value.trim()) body.schoolName = $('aw-correct-school').value.trim();
      }
      const submit = $('aw-correct-submit');
      submit.disabled = true;
      try {
        await api('POST', `/api/award-rounds/${v.id}/corrections`, body);
        message('已发布补充公示；该奖项的证书待补充公示期满后生效');
        ev.target.reset();
        await load();
      } catch (e) { showErr($('aw-message'), e); } finally { submit.disabled = false; }
    };
  }

  $('aw-correct-action').addEventListener('change', () => {
    $('aw-correct-names').classList.toggle('hidden', $('aw-correct-action').value !== 'amend');
  });

  async function load() {
    const round = me.role === 'city_admin' ? 'final' : 'semifinal';
    $('aw-title').textContent = `${contest.name} · ${round === 'final' ? '决赛' : '复赛'}奖项`;
    const rounds = await api('GET', `/api/contests/${contest.id}/award-rounds`);
    const mine = rounds.find((r) => r.round === round && (round === 'final' || r.districtId === me.districtId));
    actions(mine, round, round === 'semifinal' ? me.districtId : null);
    if (mine) report(mine);
    else { $('aw-report-card').classList.add('hidden'); $('aw-school-awards').classList.add('hidden'); }
    const others = rounds.filter((r) => r !== mine);
    $('aw-others-card').classList.toggle('hidden', !others.length);
    $('aw-others').replaceChildren(h('table', {}, h('thead', {}, h('tr', {}, ['轮次', '组织单位', '状态', '奖项数', ''].map((x) => h('th', {}, x)))),
      h('tbody', {}, others.map((r) => h('tr', {}, h('td', {}, r.roundName), h('td', {}, r.report.issuingBody), h('td', {}, STATE[r.state][0]), h('td.num', {}, r.awards.filter((a) => a.status === 'active').length),
        h('td', {}, r.state === 'final' ? h('a', { href: `/certificate.html?round=${r.id}` }, '证书') : ''))))));
  }

  async function loadSchool() {
    $('aw-school').classList.remove('hidden');
    $('aw-print-school').href = `/certificate.html?contest=${contest.id}&school=${me.schoolId}`;
    const v = await api('GET', `/api/schools/${me.schoolId}/awards?contestId=${contest.id}`);
    const body = document.querySelector('#aw-school-table tbody');
    body.replaceChildren(...(v.awards.length ? v.awards.map((a) => h('tr' + (a.status === 'revoked' ? '.revoked' : ''), {},
      h('td', {}, a.roundName), h('td', {}, a.label), h('td', {}, a.holderName), h('td', {}, a.group || '—'),
      h('td', {}, a.status === 'revoked' ? '已撤销' : a.certificateState === 'pending' ? '补充公示中' : STATE[a.listState][0]),
      h('td', {}, a.certificate ? h('a', { href: `/certificate.html?no=${encodeURIComponent(a.certificate.number)}` }, a.certificate.number) : '—'))) : [h('tr', {}, h('td', { colspan: 6 }, '暂无获奖信息'))]));
  }

  (async () => {
    try {
      me = await requireLogin(['city_admin', 'district_admin', 'school_admin']);
      const page = await api('GET', '/api/contests?pageSize=50');
      const wanted = Number(new URLSearchParams(location.search).get('contest'));
      contest = page.items.find((c) => c.id === wanted) || page.items[0];
      if (!contest) { $('aw-error').className = 'notice info'; $('aw-error').textContent = '尚无比赛'; return; }
      const sel = $('aw-contest');
      sel.replaceChildren(...page.items.map((c) => h('option', { value: c.id, selected: c.id === contest.id }, c.name)));
      sel.addEventListener('change', () => { location.search = `?contest=${sel.value}`; });
      if (me.role === 'school_admin') await loadSchool();
      else { $('aw-organiser').classList.remove('hidden'); await load(); }
    } catch (e) { if (e && e.code) showErr($('aw-error'), e); }
  })();
})();
