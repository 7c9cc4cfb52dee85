/* Tabs of a workbench page: <nav class="tabs"> buttons with data-tab="<section id>"; one section shows at a time.
 * A feature adds a button and a <section class="tab-panel" id="..."> of its own. The open tab is kept in the URL hash. */
(function () {
  'use strict';
  const nav = document.getElementById('tabs');
  if (!nav) return;
  function show(id) {
    const buttons = [...nav.querySelectorAll('button[data-tab]')];
    if (!buttons.some((b) => b.dataset.tab === id)) id = buttons[0] && buttons[0].dataset.tab;
    for (const b of buttons) b.classList.toggle('active', b.dataset.tab === id);
    for (const s of document.querySelectorAll('section.tab-panel')) s.classList.toggle('hidden', s.id !== id);
  }
  nav.addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-tab]');
    if (!b) return;
    history.replaceState(null, '', '#' + b.dataset.tab);
    show(b.dataset.tab);
  });
  show(location.hash.slice(1));
  const out = document.getElementById('logout');
  if (out) out.addEventListener('click', () => window.App.logout());
})();
