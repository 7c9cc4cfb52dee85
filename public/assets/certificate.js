/* Printable certificates: ?no=<number> (one), ?round=<id> (a round's), ?contest=<id>&school=<id> (a school's); one A4 landscape page each. */
(function () {
  'use strict';
  const { api, h, requireLogin } = window.App;
  const { bjDate, showErr } = window.Awards;

  function certificate(c) {
    const qr = h('div.qr', { 'aria-label': '查验二维码' });
    // The SVG is drawn by the service (qrcode package) from the verification address.
    qr.innerHTML = c.qrSvg;
    // A team or organisation award is held by the school as an organisation; a prize by the teacher.
    const school = c.holderKind === 'school';
    return h('section.cert', { dataset: { number: c.number, holderKind: c.holderKind } },
      h('h2', {}, '荣誉证书'),
      h('div.body', {},
        school
          ? h('p', {}, '授予 ', h('span.holder', {}, c.holderName), '：')
          : h('p', {}, h('span.holder', {}, c.holderName), ` 老师（${c.schoolName}）：`),
        h('p', {}, `在${c.contest}${c.round}${c.group ? '（' + c.group + '）' : ''}中，荣获`),
        h('p', { style: 'text-align:center' }, h('span.award', {}, c.award)),
        h('p', {}, '特发此证，以资鼓励。')),
      h('div.foot', {},
        h('div', {}, qr, h('div.no', {}, `证书编号：${c.number}`), h('div.no', {}, '扫码或访问查验页面核对真伪')),
        h('div.issuer', {}, h('div', {}, c.issuingBody), h('div', {}, bjDate(c.issuedAt)))));
  }

  (async () => {
    const err = document.getElementById('cert-error');
    document.getElementById('print').addEventListener('click', () => window.print());
    try {
      await requireLogin(['city_admin', 'district_admin', 'school_admin']);
      const q = new URLSearchParams(location.search);
      let list;
      if (q.get('no')) list = [await api('GET', `/api/certificates/${encodeURIComponent(q.get('no'))}`)];
      else if (q.get('round')) list = await api('GET', `/api/award-rounds/${Number(q.get('round'))}/certificates`);
      else if (q.get('school') && q.get('contest')) {
        const v = await api('GET', `/api/schools/${Number(q.get('school'))}/awards?contestId=${Number(q.get('contest'))}`);
        list = v.awards.filter((a) => a.certificate).map((a) => a.certificate);
      } else list = [];
      const box = document.getElementById('certs');
      box.replaceChildren(...(list.length ? list.map(certificate) : [h('p.notice.info', {}, '暂无证书（获奖名单公示期满并确定后颁发证书）')]));
    } catch (e) { if (e && e.code) showErr(err, e); }
  })();
})();
