/* Prizes, awards and certificates: Beijing-time texts (App.time) and Chinese error sentences (App.ERROR_TEXTS). */
(function () {
  'use strict';
  /** 「2025年12月22日 10:00」 in Beijing time. */
  function bjTime(iso) {
    return App.time(iso) || '—';
  }
  /** 「2025年12月22日」 in Beijing time. */
  function bjDate(iso) {
    return (App.time(iso) || '—').split(' ')[0];
  }
  /** A Chinese sentence for an error (no codes, paths or English shown). */
  function errorText(e) {
    return e instanceof App.ApiError ? e.text : '操作失败，请稍后再试';
  }
  function showErr(el, e) {
    el.className = 'notice error';
    el.textContent = errorText(e);
  }
  const STATE = { computed: ['已计算，待公示', 'warn'], published: ['公示中', 'info'], final: ['已确定，证书已颁发', 'ok'] };
  window.Awards = { bjTime, bjDate, errorText, showErr, STATE };
})();
