/* The live state on a printed notice: 「公示中，还剩3个工作日」 (not printed). */
(function () {
  'use strict';
  const sheet = document.querySelector('.sheet[data-notice]');
  const print = document.getElementById('print');
  if (print) print.addEventListener('click', (ev) => { ev.preventDefault(); window.print(); });
  if (!sheet) return;
  const id = sheet.dataset.notice;
  fetch(`/api/public/notices/${id}/status`).then((r) => (r.ok ? r.json() : null)).then((s) => {
    if (!s) return;
    const el = document.getElementById('live-state');
    el.textContent = s.state === 'published' ? `公示中，还剩${s.workingDaysLeft}个工作日` : s.state === 'closed' ? '公示期满，异议处理中' : '公示结束，名单已生效';
    if (s.state !== 'published') { const a = document.getElementById('object-link'); if (a) a.remove(); }
  }).catch(() => {});
})();
