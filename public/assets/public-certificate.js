/* Public certificate verification (no login): /public/certificates/<number>. */
(function () {
  'use strict';
  const { api, h } = window.App;
  const { bjDate, errorText } = window.Awards;
  const out = document.getElementById('verify-result');
  const m = /^\/public\/certificates\/([^/]+)$/.exec(location.pathname);
  const number = m ? decodeURIComponent(m[1]) : new URLSearchParams(location.search).get('no');

  document.getElementById('verify-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = document.getElementById('verify-number').value.trim();
    if (n) location.href = `/public/certificates/${encodeURIComponent(n)}`;
  });

  if (!number) return;
  document.getElementById('verify-number').value = number;
  (async () => {
    try {
      const c = await api('GET', `/api/public/certificates/${encodeURIComponent(number)}/verification`, undefined, { token: null, noRedirect: true });
      out.replaceChildren(
        h('p.notice.ok', { id: 'verify-ok' }, '该证书真实有效'),
        h('dl', {},
          h('dt', {}, '证书编号'), h('dd', {}, c.number),
          ...(c.holderKind === 'school'
            ? [h('dt', {}, '获奖单位'), h('dd', { id: 'verify-holder' }, c.holderName), h('dt', {}, '所属区县'), h('dd', { id: 'verify-unit' }, c.districtName)]
            : [h('dt', {}, '获奖人'), h('dd', { id: 'verify-holder' }, c.holderName), h('dt', {}, '所在学校'), h('dd', { id: 'verify-unit' }, c.schoolName)]),
          h('dt', {}, '奖项'), h('dd', {}, c.award + (c.group ? `（${c.group}）` : '')),
          h('dt', {}, '比赛'), h('dd', {}, `${c.contest} ${c.round}`),
          h('dt', {}, '颁发单位'), h('dd', {}, c.issuingBody),
          h('dt', {}, '颁发日期'), h('dd', {}, bjDate(c.issuedAt))));
    } catch (e) {
      const known = e && ['CERTIFICATE_NOT_FOUND', 'CERTIFICATE_REVOKED', 'CERTIFICATE_PENDING'].includes(e.code);
      out.replaceChildren(h('p.missing', { id: 'verify-missing', dataset: { code: (e && e.code) || '' } }, errorText(e)),
        known ? h('p.muted', {}, '请核对证书编号；如有疑问，请联系颁发单位。') : '');
    }
  })();
})();
