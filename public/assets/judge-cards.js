/* Printable A4 sheet of judge cards: one card per judge seat, each with a fresh private link and
 * its QR code (drawn by the service as SVG). The scope comes from the address (?contestId=…&round=…). */
(function () {
  'use strict';
  const { api, h } = App;
  const msg = document.getElementById('jc-message');
  document.getElementById('jc-print').addEventListener('click', () => window.print());

  async function start() {
    try {
      await App.requireLogin(['city_admin', 'district_admin', 'school_admin']);
      const q = new URLSearchParams(location.search);
      const body = { contestId: Number(q.get('contestId')), round: q.get('round'), baseUrl: location.origin };
      for (const k of ['schoolId', 'districtId', 'panelId']) if (q.get(k)) body[k] = Number(q.get(k));
      const r = await api('POST', '/api/planning/cards', body);
      document.getElementById('jc-title').textContent = `${r.contestName} · ${r.unitName} · ${r.roundName}评委卡`;
      document.getElementById('jc-cards').replaceChildren(
        ...r.cards.map((c) => {
          const qr = h('div.qr', { 'aria-label': '二维码' });
          // The SVG is the service's own output (the qrcode package), not user text.
          qr.innerHTML = c.qrSvg;
          return h('div.jc-card', { dataset: { link: String(c.linkId) } },
            qr,
            h('div', {},
              h('h3', {}, c.judgeName + (c.isHead ? '（组长）' : '')),
              h('p', {}, `评审组：${c.panelCode}`),
              h('p', {}, `学科组别：${c.subjectName} ${c.groupName}`),
              h('p', {}, `考场：${c.room || '—'}`),
              h('p', {}, `场次：${c.session}`),
              h('p.link', {}, c.url)));
        }),
      );
    } catch (e) {
      if (e && e.message === 'not logged in') return;
      App.showError(msg, e);
    }
  }
  start();
})();
