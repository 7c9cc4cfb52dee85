/* Registers the judge page's service worker (/judge-sw.js), which keeps the page usable after a
 * reload without a network, and asks it to forget the cached panel data when the judge logs out. */
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/judge-sw.js', { scope: '/judge.html' }).catch(() => { /* plain HTTP on an intranet address: no offline reload */ });
  const logout = document.getElementById('jg-logout');
  if (logout) {
    logout.addEventListener('click', () => {
      if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage('forget-data');
    });
  }
})();
