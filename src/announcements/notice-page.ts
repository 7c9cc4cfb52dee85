/**
 * The printable A4 公示 sheet of a published notice, rendered on the server from the notice's
 * immutable content (so it prints and reads without script; a small script adds the live state:
 * 「公示中，还剩3个工作日」). Times in the contest's time zone, written the Chinese way.
 */
import type { PublicNoticeView } from './notices.service';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

/** 'YYYY-MM-DD' → '2026年12月9日'. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An instant → '2026年12月9日 15:04' in the time zone. */
export function chineseDateTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${chineseDate(`${get('year')}-${get('month')}-${get('day')}`)} ${get('hour')}:${get('minute')}`;
}

export function noticePage(n: PublicNoticeView, timeZone: string): string {
  const e = escapeHtml;
  const w = n.window;
  const hasNote = n.rows.some((r) => r.note);
  const noteHead = n.kind.endsWith('-awards') ? '奖项' : '产生方式';
  const rows = n.rows
    .map(
      (r) =>
        `<tr data-row="${r.id}"><td>${r.position}</td><td>${e(r.teacherName)}</td><td>${e(r.schoolName)}</td><td>${e(r.subject)}</td><td>${e(r.group)}</td><td class="id">${e(r.maskedId)}</td>${hasNote ? `<td>${e(r.note)}</td>` : ''}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(n.title)}</title>
<link rel="stylesheet" href="/assets/notice-sheet.css">
</head>
<body>
<nav class="no-print"><a href="/public/notices.html">全部公示</a> · <a href="/public/objection.html?notice=${n.id}" id="object-link">提出异议</a> · <a href="/public/receipt.html">查询异议处理结果</a> · <a href="#" id="print">打印</a></nav>
<main class="sheet" data-notice="${n.id}">
<h1>${e(n.title)}</h1>
${n.supplements ? `<p class="supplements">本公示为《${e(n.supplements.title)}》的补充公示。</p>` : ''}
<p class="lead">根据${e(n.contestName)}实施方案，现将${e(n.kindName)}予以公示。公示期为${chineseDate(w.opens)}至${chineseDate(w.closes)} 24:00（${w.days}个工作日，自公示次日起计算，北京时间）。公示期内，任何单位和个人如有异议，可实名提出。</p>
${w.note ? `<p class="calendar-note">${e(w.note)}</p>` : ''}
<p id="live-state" class="live no-print" aria-live="polite"></p>
<table>
<thead><tr><th>序号</th><th>姓名</th><th>学校</th><th>学科</th><th>组别</th><th>身份证号</th>${hasNote ? `<th>${noteHead}</th>` : ''}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="count">共 ${n.rows.length} 人。</p>
<section class="contact">
<p>异议受理：${e(n.objectionContact)}</p>
<p>受理单位：${e(n.resolverName)}。异议人须提供真实姓名和联系方式，异议人身份信息仅受理单位可见，不予公开。</p>
</section>
<footer>
<p class="issuer">${e(n.issuerName)}</p>
<p class="date">${chineseDateTime(n.publishedAt, timeZone)}</p>
<p class="audit">审计链记录：第 ${n.auditHead.seq} 条，哈希 <span class="hash">${e(n.auditHead.hash)}</span>。保存本公示的任何人都可以在日后核对：<code>npm run -s cli -- audit-verify --expect ${n.auditHead.seq}:${e(n.auditHead.hash)}</code></p>
</footer>
</main>
<script src="/assets/notice-sheet.js"></script>
</body>
</html>
`;
}
