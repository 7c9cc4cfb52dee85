/* The login page: sign in, then go where the role works (or back to ?next=). */
(function () {
  'use strict';
  const HOME = App.HOME;
  document.getElementById('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const errorBox = document.getElementById('login-error');
    errorBox.classList.add('hidden');
    try {
      const r = await App.login(document.getElementById('username').value.trim(), document.getElementById('password').value);
      const next = new URLSearchParams(location.search).get('next');
      const role = (r.account || r.user || {}).role;
      location.href = next && next.startsWith('/') && !next.startsWith('//') ? next : HOME[role] || '/';
    } catch (e) {
      App.showError(errorBox, e).classList.remove('hidden');
    }
  });
})();
