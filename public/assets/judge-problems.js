/* 报告问题 on the judge's tablet: a judge signals a problem of the panel shown (wrong contestant,
 * device trouble, a conflict of interest noticed on the spot); the head judge sees the panel's open
 * problems below the sheet and marks them handled. Follows judge.js through its 'judge:panel' event. */
(function () {
  'use strict';
  const { api, h } = App;
  const $ = (id) => document.getElementById(id);
  let current = null;
  const call = (method, path, body) => App.api(method, path, body, current && current.link ? { link: current.link } : undefined);

  const KIND = { 'wrong-contestant': '选手信息有误', device: '设备故障', conflict: '发现需回避', other: '其他问题' };

  async function loadOpen() {
    if (!current || !current.isHead) return;
    const list = await call('GET', `/api/planning/panels/${current.panelId}/problems`);
    $('jp-open').classList.toggle('hidden', list.length === 0);
    $('jp-list').replaceChildren(
      ...list.map((p) =>
        h('li', {}, `${p.judgeName}：${KIND[p.kind] || p.kindName}${p.note ? '（' + p.note + '）' : ''} `,
          h('button', { type: 'button', onclick: async () => { await call('POST', `/api/planning/problems/${p.id}/handled`).catch(() => null); loadOpen(); } }, '标为已处理'))),
    );
  }

  document.addEventListener('judge:panel', (ev) => {
    current = ev.detail;
    $('jp-report').classList.remove('hidden');
    $('jp-entrant').replaceChildren(h('option', { value: '' }, '（不涉及具体选手）'), ...current.contestants.map((c) => h('option', { value: c.entrantId }, `${c.position}号 ${c.name}`)));
    const main = $('jg-main');
    if (main && $('jp-open').parentElement !== main) main.append($('jp-open'));
    loadOpen().catch(() => null);
  });
  $('jp-report').addEventListener('click', () => {
    $('jp-error').className = 'hidden';
    $('jp-dialog').classList.remove('hidden');
  });
  $('jp-cancel').addEventListener('click', () => $('jp-dialog').classList.add('hidden'));
  $('jp-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const body = { kind: $('jp-kind').value };
      if ($('jp-entrant').value) body.entrantId = Number($('jp-entrant').value);
      if ($('jp-note').value.trim()) body.note = $('jp-note').value.trim();
      await call('POST', `/api/planning/panels/${current.panelId}/problems`, body);
      $('jp-dialog').classList.add('hidden');
      $('jp-note').value = '';
      App.toast('已报告，组长和组织方会尽快处理');
      loadOpen().catch(() => null);
    } catch (e) {
      App.showError($('jp-error'), e);
    }
  });
})();
