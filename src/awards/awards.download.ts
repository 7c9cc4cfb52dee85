/** The awards' Excel workbook (sent through src/common/download.ts's `attachment`). */
import ExcelJS from 'exceljs';
import type { Award } from './awards.entity';
import type { AwardReport } from './awards.model';

/** The winners list (获奖名单) and the report per group, as a workbook: ID numbers as text, A4 landscape, print titles. */
export async function awardsWorkbook(report: AwardReport, awards: Award[], idNumbers: Map<number, string>, fullIds: (a: Award) => boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const title = `${report.contest.name}${report.district ? ' ' + report.district.name : ''}${report.roundName}获奖名单`;
  const groupNames = new Map(report.groups.map((g) => [g.code, `${g.subjectName}·${g.groupName}`]));

  const ws = wb.addWorksheet('获奖名单', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  ws.addRow([title]);
  ws.addRow([`发布单位：${report.issuingBody}`]);
  ws.addRow(['序号', '奖项', '学科组别', '获奖人（单位）', '身份证号', '学校', '名次', '状态', '证书编号']);
  ws.getRow(3).font = { bold: true };
  for (const a of awards) {
    const id = a.teacherId === null ? '' : fullIds(a) ? (idNumbers.get(a.teacherId) ?? a.maskedId ?? '') : (a.maskedId ?? '');
    const row = ws.addRow([
      a.position,
      a.label,
      a.groupKey ? groupNames.get(a.groupKey) ?? a.groupKey : '',
      a.holderName,
      id,
      a.schoolName,
      a.rank ?? '',
      a.status === 'active' ? '有效' : '已撤销',
      a.certificateNo ?? '',
    ]);
    row.getCell(5).numFmt = '@';
  }
  ws.getColumn(5).numFmt = '@';
  [6, 12, 20, 10, 22, 26, 6, 8, 26].forEach((w, i) => (ws.getColumn(i + 1).width = w));

  const rs = wb.addWorksheet('计算报告', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' } });
  rs.addRow(['学科组别', '参赛人数', '奖项', '比例 %', '应得份额', '整数部分', '余数', '余数排序', '追加', '保底一等奖', '超员削减', '并列增加', '并列让出', '获奖人数']);
  rs.getRow(1).font = { bold: true };
  for (const g of report.groups) {
    for (const l of g.levels) {
      rs.addRow([`${g.subjectName}·${g.groupName}`, g.contestants, l.name, l.share, l.exactShare, l.floor, l.remainder, l.tieOrder, l.extra, l.forced, l.cut, l.tieShiftIn, l.tieShiftOut, l.count]);
    }
  }
  rs.addRow([]);
  for (const l of report.levels) rs.addRow(['全轮合计', report.contestants, l.name, l.share, '', '', '', '', '', l.forced, '', '', '', l.awarded, `应设 ${l.total}`]);

  // The school awards' own figures: the team score W/P per ranking, the organisation award's conditions.
  if (report.team || report.organisation) {
    const ss = wb.addWorksheet(report.team ? '优秀团队奖' : '组织奖', {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    });
    if (report.team) {
      ss.addRow(['区县', '类别', '名次', '学校', '获奖教师 W', '初赛人数 P', '团队得分 W/P', '百分比', '结果']);
      for (const t of report.team) {
        for (const r of t.rows) {
          ss.addRow([t.districtName, t.central ? '中心校' : '非中心校', r.rank ?? '', r.schoolName, r.winners, r.entrants, r.score ?? '不参评', r.percent ?? '',
            r.awarded ? '优秀团队奖' : r.excluded === 'falsification' ? '存在弄虚作假情形' : r.excluded ? '无初赛参赛人员' : '']);
        }
      }
    } else {
      ss.addRow(['学校', '初赛人数', '应参赛人数', '参赛率', '百分比', '按时报送', '无成立的异议', '结果']);
      for (const r of report.organisation!) {
        ss.addRow([r.schoolName, r.entrants, r.expected, r.participation ?? '—', r.percent, r.onTime ? '是' : '否', r.noUpheldObjection ? '是' : '否', r.awarded ? '组织奖' : '']);
      }
    }
    ss.getRow(1).font = { bold: true };
    ss.columns.forEach((c) => (c.width = 14));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
