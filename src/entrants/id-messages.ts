/**
 * Chinese texts for the domain's ID-number refusals (domain/id-number.ts checkIdNumber), for the
 * upload's row problems. The rule codes are the domain's; only the wording is added here.
 */
import { IdCheck } from '../domain/id-number';

type Failure = Extract<IdCheck, { valid: false }>;

export function idFailureZh(raw: string, f: Failure): string {
  const s = (raw ?? '').trim();
  const id = s.endsWith('x') ? s.slice(0, 17) + 'X' : s;
  switch (f.code) {
    case 'empty':
      return '身份证号为空';
    case 'legacy-15':
      return f.suggestion ? `不接受15位旧身份证号，请填写18位号码：${f.suggestion}` : '不接受15位旧身份证号，且无法转换为有效的18位号码';
    case 'length':
      return `身份证号应为18位，实际为${Array.from(s).length}位`;
    case 'characters':
      return '身份证号应为17位数字加1位校验码（数字或X）';
    case 'month':
      return `出生月份（第11–12位）应为01–12，实际为${id.slice(10, 12)}`;
    case 'day':
      return `出生日期（第13–14位）不存在：${id.slice(6, 10)}年${id.slice(10, 12)}月没有${id.slice(12, 14)}日`;
    case 'date-too-early':
      return `出生年份（第7–10位）不得早于1900年，实际为${id.slice(6, 10)}`;
    case 'date-future':
      return `出生日期${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}晚于今天`;
    case 'check-character':
      // Never the character that would pass: a wrong digit elsewhere would be "fixed" into another person's number.
      return '身份证号无效（校验码不符），请对照身份证逐位核对';
    default:
      return f.reason;
  }
}
