/* The login page: sign in, then go where the role works (or back to ?next=). */
(function () {
  'use strict';
  // Where each role lands after login.
  const HOME = { city_admin: '/city.html', district_admin: '/district.html', school_admin: '/school.html', judge: '/judge.html' };
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
