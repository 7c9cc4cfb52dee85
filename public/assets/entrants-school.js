/* School clerk: the preliminary entrant list — state and deadline, Excel upload (preview of every
 * change, then apply) with row errors,
 * the list, exemption applications, submit / reopen, print and export. Section #entrants-school. */
(function () {
  'use strict';
  const { api, h, toast, showError } = window.App;
  const $ = (id) => document.getElementById(id);


  const STATE = App.LIST_STATE;
  const STATUS = { entrant: '参赛', excluded: '不参赛', exempted: '免赛', 'not-submitted': '未列入已提交名单' };

  let me;
  let contest;
  let view;
  let labels = App.labelsOf(null);
  const base = () => `/api/contests/${contest.id}/entrant-lists/${me.schoolId}`;

  function message(kind, text) {
    const box = $('es-message');
    box.className = 'notice ' + kind;
    box.textContent = text;
  }

  function renderStatus() {
    const [name, cls] = STATE[view.state];
    $('es-title').textContent = `${view.contest.name} · ${view.school.name} · 初赛参赛名单`;
    const badge = $('es-state');
    badge.textContent = name;
    badge.className = 'badge ' + cls;
    let text = `截止日期：${App.date(view.deadline)}（含当日）　今天：${App.date(view.today)}`;
    if (view.extension) text += `　区教育局已延期至 ${App.date(view.extension.deadline)}：${view.extension.reason}`;
    if (view.submittedAt) text += `　提交时间：${App.time(view.submittedAt)}${view.submittedByName ? '（' + view.submittedByName + '）' : ''}`;
    $('es-deadline').textContent = text;
    const locked = view.state === 'submitted';
    // Open exemption applications block the submission: say so beside the button, before any click.
    const open = view.exemptions.filter((x) => x.state === 'applied' || x.state === 'school-reviewed');
    $('es-submit').disabled = !view.editable || open.length > 0;
    const hint = $('es-submit-hint');
    hint.textContent = open.length ? `还有 ${open.length} 份免赛申请未审批完（${open.map((x) => x.teacherName).join('、')}），审批完成或撤回后才能提交名单` : '';
    hint.classList.toggle('hidden', !(view.editable && open.length));
    $('es-reopen').disabled = !(locked && !view.deadlinePassed && view.contest.isCurrent);
    $('es-upload').disabled = !view.editable;
    $('es-file').disabled = !view.editable;
    $('es-print').href = `/print-list.html?contest=${contest.id}&school=${me.schoolId}`;
    const box = $('es-message');
    if (view.deadlinePassed && !locked) message('error', '已过截止日期，名单未提交。如需补交，请联系区教育局申请延期。');
    else if (view.deadlinePassed) message('info', '名单已按时提交，截止日期已过，不能再修改。');
    else if (locked) message('ok', '名单已提交并锁定。截止日期前如需修改，可“重新打开名单”，修改后须再次提交。');
    else box.className = 'hidden';
  }

  function renderList() {
    const c = view.counts;
    $('es-counts').textContent =
      `教师 ${c.teachers} 人：参赛 ${c.entrants}（${labels.groups.map((g) => `${g.name} ${c.byGroup[g.code] || 0}`).join('、')}），不参赛 ${c.excluded}，免赛 ${c.exempted}` +
      (c.notSubmitted ? `，未列入 ${c.notSubmitted}` : '');
    const body = $('es-list').querySelector('tbody');
    body.replaceChildren(
      ...view.entries.map((e, i) =>
        h(`tr.status-${e.status}`, { dataset: { teacher: e.teacherId } },
          h('td.num', {}, i + 1),
          h('td', {}, e.name),
          h('td', {}, e.idNumber),
          h('td', {}, e.subjectName),
          h('td', {}, e.groupName),
          h('td', {}, h('span.badge' + (e.status === 'entrant' ? '.ok' : e.status === 'not-submitted' ? '.warn' : ''), {}, STATUS[e.status])),
          h('td', {}, e.status === 'excluded' ? e.exclusions.map((x) => x.reason).join('；') : e.exemptionKindName ? '免赛：' + e.exemptionKindName : ''),
        ),
      ),
    );
    if (!view.entries.length) body.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, '还没有登记教师。请下载模板填写后上传。')));
  }

  function renderExemptions() {
    const select = $('es-exempt-teacher');
    const candidates = view.entries.filter((e) => e.status === 'entrant');
    select.replaceChildren(h('option', { value: '' }, '请选择教师'), ...candidates.map((e) => h('option', { value: e.teacherId }, `${e.name}（${e.idNumber.slice(6, 14)}）`)));
    for (const el of $('es-exempt-form').elements) el.disabled = !view.editable;
    const body = $('es-exemptions').querySelector('tbody');
    body.replaceChildren(
      ...view.exemptions.map((x) => {
        const actions = h('td.actions');
        if (view.editable && x.state === 'applied') actions.append(h('button', { type: 'button', onclick: () => step(x, 'review') }, '学校审核通过'));
        if (view.editable && (x.state === 'applied' || x.state === 'school-reviewed')) actions.append(h('button', { type: 'button', onclick: () => step(x, 'withdraw') }, '撤回'));
        const trail = [
          x.reviewedAt ? `学校审核：${x.reviewedByName}${x.reviewNote ? '（' + x.reviewNote + '）' : ''}` : '',
          x.decidedAt ? `${x.state === 'withdrawn' ? '撤回' : '区审批'}：${x.decidedByName}${x.decisionReason ? '（' + x.decisionReason + '）' : ''}` : '',
        ].filter(Boolean).join('；');
        return h('tr', { dataset: { exemption: x.id } },
          h('td', {}, x.teacherName), h('td', {}, x.kindName), h('td', {}, x.note),
          h('td', {}, h('span.badge' + (x.state === 'approved' ? '.ok' : x.state === 'rejected' ? '.bad' : '.info'), {}, x.stateName)),
          h('td', {}, trail), actions);
      }),
    );
    if (!view.exemptions.length) body.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, '暂无免赛申请')));
  }

  async function load() {
    view = await api('GET', base());
    labels = await App.contestLabels(view.contest.id);
    renderStatus();
    renderList();
    renderExemptions();
  }

  async function act(fn) {
    try {
      await fn();
    } catch (e) {
      showError($('es-message'), e);
      $('es-message').scrollIntoView({ block: 'nearest' });
    }
  }

  async function step(x, what) {
    const names = { review: '学校审核通过', withdraw: '撤回申请' };
    const box = $('es-exempt-error');
    box.className = 'hidden';
    try {
      await api('POST', `/api/exemptions/${x.id}/${what}`, {});
      toast(`${x.teacherName}：已${names[what]}`);
      await load();
    } catch (e) {
      showError(box, e);
    }
  }

  function showRowErrors(err) {
    const wrap = $('es-row-errors');
    const body = wrap.querySelector('tbody');
    body.replaceChildren(
      ...err.details.map((d) => h('tr', {}, h('td', {}, d.rows && d.rows.length > 1 ? `共${d.rows.length}行` : `第${d.row}行`), h('td', {}, d.cell ? `${d.column}（${d.cell}）` : d.column), h('td', {}, d.messageZh || d.message))),
    );
    wrap.className = '';
  }

  /** The previewed file and its confirm token, until it is applied or cancelled. */
  let pending = null;

  function hidePreview() {
    pending = null;
    $('es-preview').className = 'hidden';
  }

  function renderPreview(p) {
    const c = p.counts;
    $('es-preview-summary').textContent =
      `预览（尚未保存）：共 ${p.rows} 行，新增 ${c.created} 人，修改 ${c.changed} 人，未变 ${c.unchanged} 人` +
      (c.notInFile ? `，另有 ${c.notInFile} 位已登记教师不在本文件中（仍保留在名单中）` : '') + '。';
    $('es-preview-notices').replaceChildren(...p.notices.map((n) => h('li', {}, n.messageZh)));
    const rows = [
      ...p.created.map((x) => h('tr.created', {}, h('td', {}, `第${x.row}行`), h('td', {}, x.name), h('td', {}, h('span.badge.ok', {}, '新增')),
        h('td', {}, `${x.idNumber}，${x.subjectName}${x.stageName ? '，' + x.stageName : ''}`))),
      ...p.changed.map((x) => h('tr' + (x.unusual ? '.unusual' : '.changed'), {}, h('td', {}, `第${x.row}行`), h('td', {}, x.name),
        h('td', {}, h('span.badge' + (x.unusual ? '.bad' : '.info'), {}, x.unusual ? '修改（请核对）' : '修改')),
        h('td', {}, x.changes.map((ch) => `${ch.column}：${ch.from} → ${ch.to}`).join('；')))),
    ];
    $('es-preview-table').querySelector('tbody').replaceChildren(...rows);
    if (!rows.length) $('es-preview-table').querySelector('tbody').append(h('tr', {}, h('td', { colspan: 4, class: 'muted' }, '没有新增或修改的教师')));
    const missing = $('es-preview-missing');
    missing.className = p.notInFile.length ? 'muted' : 'muted hidden';
    missing.textContent = p.notInFile.length ? `不在本文件中的已登记教师（保留不变）：${p.notInFile.map((t) => t.name).join('、')}` : '';
    const unusual = p.changed.filter((x) => x.unusual);
    $('es-preview-unusual').className = unusual.length ? 'notice warn' : 'notice warn hidden';
    $('es-preview-unusual').textContent = unusual.map((x) => x.unusualZh).join('；');
    $('es-unusual-label').className = unusual.length ? '' : 'hidden';
    $('es-unusual-ok').checked = false;
    $('es-apply').disabled = unusual.length > 0;
    $('es-preview').className = '';
  }

  function uploadFailed(result, e) {
    if (e.code === 'INVALID_ROWS') {
      result.className = 'notice error';
      const rows = new Set(e.details.flatMap((d) => d.rows || [d.row])).size;
      result.textContent = `表格中有 ${rows} 行共 ${e.details.length} 处错误，整个文件未保存。请按下表改正后重新上传：`;
      showRowErrors(e);
    } else {
      showError(result, e);
    }
  }

  async function upload() {
    const result = $('es-upload-result');
    const wrap = $('es-row-errors');
    wrap.className = 'hidden';
    hidePreview();
    const file = $('es-file').files[0];
    if (!file) {
      result.className = 'notice error';
      result.textContent = '请先选择要上传的Excel文件（.xlsx）';
      return;
    }
    const form = new FormData();
    form.append('file', file);
    $('es-upload').disabled = true;
    try {
      const p = await api('POST', base() + '/upload', form);
      result.className = 'notice info';
      result.textContent = '文件已读取，尚未保存。请核对下面的预览，确认无误后点击“确认保存”。';
      pending = { file, token: p.confirmToken };
      renderPreview(p);
    } catch (e) {
      uploadFailed(result, e);
    } finally {
      $('es-upload').disabled = !view.editable;
    }
  }

  async function apply() {
    if (!pending) return;
    const result = $('es-upload-result');
    const form = new FormData();
    form.append('confirmToken', pending.token);
    form.append('file', pending.file);
    $('es-apply').disabled = true;
    try {
      const r = await api('POST', base() + '/upload/apply', form);
      hidePreview();
      result.className = 'notice ok';
      result.textContent = `保存成功：共 ${r.rows} 行，新增 ${r.created} 人，更新 ${r.updated} 人，未变 ${r.unchanged} 人。` +
        (r.notInFile.length ? `另有 ${r.notInFile.length} 位已登记教师不在本文件中（仍保留在名单中）：${r.notInFile.map((t) => t.name).join('、')}。` : '');
      $('es-file').value = '';
      await load();
    } catch (e) {
      hidePreview();
      uploadFailed(result, e);
    }
  }

  async function init() {
    me = await App.requireLogin(['school_admin']);
    try {
      contest = await api('GET', '/api/contests/current');
    } catch (e) {
      showError($('es-message'), e);
      return;
    }
    $('es-submit').addEventListener('click', () =>
      act(async () => {
        if (!confirm('提交后名单将锁定。确认提交本校初赛参赛名单吗？')) return;
        await api('POST', base() + '/submit');
        toast('名单已提交');
        await load();
      }),
    );
    $('es-reopen').addEventListener('click', () =>
      act(async () => {
        if (!confirm('重新打开后需在截止日期前再次提交。确认重新打开吗？')) return;
        await api('POST', base() + '/reopen');
        toast('名单已重新打开');
        await load();
      }),
    );
    $('es-template').addEventListener('click', () => act(() => App.download(base() + '/template.xlsx', `${view.school.code}-教师名单模板.xlsx`)));
    $('es-export').addEventListener('click', () => act(() => App.download(base() + '/export.xlsx', `${view.school.code}-初赛参赛名单.xlsx`)));
    $('es-upload').addEventListener('click', upload);
    $('es-apply').addEventListener('click', apply);
    $('es-cancel').addEventListener('click', () => {
      hidePreview();
      const result = $('es-upload-result');
      result.className = 'notice info';
      result.textContent = '已取消，没有保存任何内容。';
    });
    $('es-unusual-ok').addEventListener('change', () => { $('es-apply').disabled = !$('es-unusual-ok').checked; });
    $('es-exempt-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const box = $('es-exempt-error');
      box.className = 'hidden';
      try {
        await api('POST', `/api/contests/${contest.id}/exemptions`, {
          teacherId: Number($('es-exempt-teacher').value),
          kind: $('es-exempt-kind').value,
          note: $('es-exempt-note').value,
        });
        $('es-exempt-note').value = '';
        toast('免赛申请已登记，请学校审核');
        await load();
      } catch (e) {
        showError(box, e);
      }
    });
    await act(load);
  }

  init().catch(() => undefined);
})();
