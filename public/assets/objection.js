/* The objection form (no login): /public/objection.html?notice=<id> */
(function () {
  'use strict';
  const { api, h, showError } = window.App;
  const id = new URLSearchParams(location.search).get('notice');
  const form = document.getElementById('ob-form');
  const errorBox = document.getElementById('ob-error');
  const FIELD = {
    name: '请填写真实姓名（不超过50个字，不含特殊字符）',
    contact: '请填写正确的手机号码或电子邮箱',
    grounds: '请填写异议理由（1至2000个字，不含特殊字符）',
    rowId: '请选择名单中的人员或整份名单',
  };
  function fail(err) {
    if (err instanceof App.ApiError && err.code === 'VALIDATION_FAILED') {
      const texts = [...new Set(err.details.map((d) => FIELD[d.field] || '输入有误'))];
      for (const d of err.details) { const el = form.elements[d.field]; if (el) el.classList.add('invalid'); }
      errorBox.className = 'notice error';
      errorBox.replaceChildren(h('div', {}, '请检查以下内容：'), h('ul', {}, texts.map((t) => h('li', {}, t))));
      return;
    }
    if (err instanceof App.ApiError && err.code === 'PAYLOAD_TOO_LARGE') { errorBox.className = 'notice error'; errorBox.textContent = '提交的内容过长，请精简异议理由'; return; }
    if (err instanceof App.ApiError) { errorBox.className = 'notice error'; errorBox.textContent = App.ERROR_TEXTS[err.code] || '提交失败，请稍后再试'; return; }
    showError(errorBox, err);
  }
  const grounds = form.elements.grounds;
  grounds.addEventListener('input', () => { document.getElementById('ob-count').textContent = `${grounds.value.length} / 2000`; });
  (async () => {
    if (!/^[1-9][0-9]*$/.test(id || '')) { document.getElementById('ob-title').textContent = '未指定公示，请从公示列表进入'; form.classList.add('hidden'); return; }
    try {
      const [n, s] = await Promise.all([
        api('GET', `/api/public/notices/${id}`, undefined, { token: null, noRedirect: true }),
        api('GET', `/api/public/notices/${id}/status`, undefined, { token: null, noRedirect: true }),
      ]);
      document.getElementById('ob-title').replaceChildren(h('a', { href: `/api/public/notices/${n.id}/page` }, n.title));
      const [text, cls] = Notices.state(s);
      document.getElementById('ob-window').replaceChildren(
        `发布单位：${n.issuerName}；异议受理：${n.resolverName}；公示期 ${Notices.day(n.window.opens)} 至 ${Notices.closes(n.window.closes)}（北京时间） `,
        h('span.badge.' + cls, {}, text));
      form.elements.rowId.append(...n.rows.map((r) => h('option', { value: r.id }, `${r.position}. ${r.teacherName}（${r.schoolName}，${r.subject}，${r.group}）`)));
      if (s.state !== 'published') {
        form.classList.add('hidden');
        errorBox.className = 'notice error';
        errorBox.textContent = `公示期为 ${Notices.day(n.window.opens)} 至 ${Notices.closes(n.window.closes)}，现已结束，不再受理异议。`;
      }
    } catch (e) { fail(e); form.classList.add('hidden'); }
  })();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errorBox.className = 'hidden';
    for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
    const f = form.elements;
    const body = { name: f.name.value.trim(), contact: f.contact.value.trim(), grounds: f.grounds.value.trim() };
    if (f.rowId.value) body.rowId = Number(f.rowId.value);
    const missing = ['name', 'contact', 'grounds'].filter((k) => !body[k]);
    if (missing.length) { fail(new App.ApiError(400, { code: 'VALIDATION_FAILED', details: missing.map((field) => ({ field })) })); return; }
    const button = document.getElementById('ob-submit');
    button.disabled = true;
    try {
      const r = await api('POST', `/api/public/notices/${id}/objections`, body, { token: null, noRedirect: true });
      form.classList.add('hidden');
      document.getElementById('ob-receipt').textContent = r.receiptCode;
      document.getElementById('ob-lookup').href = `/public/receipt.html?code=${encodeURIComponent(r.receiptCode)}`;
      document.getElementById('ob-done').classList.remove('hidden');
    } catch (e) {
      if (e instanceof App.ApiError && e.code === 'NOTICE_WINDOW_CLOSED') { errorBox.className = 'notice error'; errorBox.textContent = '公示期已结束，不再受理异议。'; }
      else fail(e);
    } finally { button.disabled = false; }
  });
})();
