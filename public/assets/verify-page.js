/* /public/verify.html and the draw page's 「在浏览器中复核」: shows DrawVerify's answer in Chinese. */
(function () {
  'use strict';
  /** Writes a verification answer into `target` (a .notice element). */
  function showVerification(target, result) {
    target.className = result.match ? 'notice ok' : 'notice error';
    target.textContent = result.match
      ? '复核结果：一致（MATCH）。记录中的抽签池哈希、主种子、各单位种子、抽取名单、递补顺序和空缺名额都能由记录本身复算得到。'
      : '复核结果：不一致。第一处不一致：' + result.difference;
  }
  window.VerifyPage = { showVerification };

  const file = document.getElementById('vf-file');
  if (!file) return;
  const text = document.getElementById('vf-text');
  file.addEventListener('change', async () => {
    const f = file.files[0];
    document.getElementById('vf-file-name').textContent = f ? f.name : '未选择文件';
    if (f) text.value = await f.text();
  });
  document.getElementById('vf-run').addEventListener('click', async () => {
    const out = document.getElementById('vf-result');
    if (!text.value.trim()) {
      out.className = 'notice error';
      out.textContent = '请先选择记录文件或粘贴记录全文。';
      return;
    }
    showVerification(out, await window.DrawVerify.verify(text.value));
  });
})();
