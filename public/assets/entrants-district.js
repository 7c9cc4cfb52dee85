/* District officer: every school's preliminary list state and counts, deadline extensions,
 * exemption approvals. Section #entrants-district. */
(function () {
  'use strict';
  const { api, h, toast, showError } = window.App;
  const $ = (id) => document.getElementById(id);


  const STATE = App.LIST_STATE;

  let contest;
  let overview;
  let extending = null;

  function renderSchools() {
    $('ed-deadline').textContent = `${overview.contest.name}　初赛名单截止日期：${overview.roundDeadline}（含当日）　今天：${overview.today}`;
    const t = overview.totals;
    $('ed-stats').replaceChildren(
      ...Object.entries(STATE).map(([k, [name]]) => h('span.stat', { dataset: { state: k } }, h('b', {}, overview.byState[k]), name)),
      h('span.stat', {}, h('b', {}, t.entrants), '参赛教师'),
      h('span.stat', {}, h('b', {}, t.exempted), '免赛'),
      h('span.stat', {}, h('b', {}, t.excluded), '不参赛'),
    );
    const body = $('ed-schools').querySelector('tbody');
    body.replaceChildren(
      ...overview.schools.map((s) => {
        const [name, cls] = STATE[s.state];
        const c = s.counts;
        return h('tr', { dataset: { school: s.school.id } },
          h('td', {}, s.school.name, h('div.muted', {}, s.school.code + (s.school.inDistrictSeat ? ' · 区政府所在地' : ''))),
          h('td', {}, h('span.badge' + (cls ? '.' + cls : ''), {}, name)),
          h('td', {}, s.deadline, s.extension ? h('div.muted', {}, '延期：' + s.extension.reason) : null),
          h('td.num', {}, c.teachers), h('td.num', {}, c.entrants),
          h('td.num', {}, c.byGroup['primary-youth']), h('td.num', {}, c.byGroup['junior-youth']), h('td.num', {}, c.byGroup.senior),
          h('td.num', {}, c.excluded), h('td.num', {}, c.exempted),
          h('td.num', {}, s.awaitingDistrict ? h('span.badge.warn', {}, s.awaitingDistrict) : '0'),
          h('td.actions', {},
            h('button', { type: 'button', onclick: () => openExtend(s) }, '延期'),
            h('a.button', { href: `/print-list.html?contest=${contest.id}&school=${s.school.id}`, target: '_blank', rel: 'noopener' }, '名单'),
          ),
        );
      }),
    );
    if (!overview.schools.length) body.append(h('tr', {}, h('td', { colspan: 12, class: 'muted' }, '本区还没有学校')));
  }

  function openExtend(s) {
    extending = s;
    $('ed-extend-title').textContent = `延长截止日期：${s.school.name}（当前 ${s.deadline}）`;
    $('ed-extend-date').min = overview.today > overview.roundDeadline ? overview.today : overview.roundDeadline;
    $('ed-extend-date').value = '';
    $('ed-extend-reason').value = '';
    $('ed-extend-error').className = 'hidden';
    $('ed-extend').classList.remove('hidden');
    $('ed-extend-date').focus();
  }

  async function renderExemptions() {
    const list = await api('GET', `/api/contests/${contest.id}/exemptions?state=school-reviewed`);
    const body = $('ed-exemptions').querySelector('tbody');
    body.replaceChildren(
      ...list.map((x) => {
        const reason = h('input', { maxlength: 500, placeholder: '驳回时必填', 'aria-label': '审批意见' });
        const decide = async (what) => {
          const box = $('ed-exempt-error');
          box.className = 'hidden';
          try {
            await api('POST', `/api/exemptions/${x.id}/${what}`, reason.value.trim() ? { reason: reason.value.trim() } : {});
            toast(`${x.teacherName}：已${what === 'approve' ? '批准' : '驳回'}`);
            await load();
          } catch (e) {
            showError(box, e);
            if (e.code === 'VALIDATION_FAILED' && what === 'reject') box.firstChild.textContent = '驳回须填写理由';
          }
        };
        return h('tr', { dataset: { exemption: x.id } },
          h('td', {}, x.school.name), h('td', {}, x.teacherName), h('td', {}, x.idNumber), h('td', {}, x.kindName),
          h('td', {}, x.note), h('td', {}, `${x.reviewedByName || ''}${x.reviewNote ? '：' + x.reviewNote : ''}`),
          h('td', {}, reason),
          h('td.actions', {},
            h('button.primary', { type: 'button', onclick: () => decide('approve') }, '批准'),
            h('button', { type: 'button', onclick: () => decide('reject') }, '驳回'),
          ));
      }),
    );
    if (!list.length) body.append(h('tr', {}, h('td', { colspan: 8, class: 'muted' }, '暂无待审批的免赛申请')));
  }

  async function load() {
    overview = await api('GET', `/api/contests/${contest.id}/entrant-lists`);
    renderSchools();
    await renderExemptions();
  }

  async function init() {
    const me = await App.requireLogin(['district_admin']);
    try {
      contest = await api('GET', '/api/contests/current');
      await load();
    } catch (e) {
      showError($('ed-message'), e);
    }
    $('ed-refresh').addEventListener('click', () => load().catch((e) => showError($('ed-message'), e)));
    $('ed-extend-cancel').addEventListener('click', () => $('ed-extend').classList.add('hidden'));
    $('ed-extend-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        await api('POST', `/api/contests/${contest.id}/entrant-lists/${extending.school.id}/extension`, {
          deadline: $('ed-extend-date').value,
          reason: $('ed-extend-reason').value,
        });
        toast(`${extending.school.name}：截止日期已延至 ${$('ed-extend-date').value}`);
        $('ed-extend').classList.add('hidden');
        await load();
      } catch (e) {
        showError($('ed-extend-error'), e);
      }
    });
  }

  init().catch(() => undefined);
})();
