/**
 * `prizes <file.json>` (RULES §7): recomputes a round's prize lists from its published results.
 * Input: { shares: [{ prize, share }], firstPrizeInEveryGroup, sheet: [{ item, points }],
 * groups: [{ code, contestants: [{ code, total, items }] }] } with totals and item scores as the
 * published decimal strings. Output: the round's level totals and, per group in input order, every
 * step of the counts (floor, remainder, tie order, cut, tie shift) and the winners in rank order.
 */
import { computePrizes, LevelShare, parseScoreHundredths, PRIZE_ORDER, PrizeGroupInput, checkShares } from '../domain/prizes';
import type { PrizeCode } from '../domain/preset';
import { heaviestFirst, Sheet } from '../domain/sheets';
import { BadInput, EXIT_OK, Io, printJson, readJsonFile } from './io';
import { parseSheetInput } from './commands';
import { isPlainObject } from '../domain/draw';

const CODE_RE = /^[A-Za-z0-9_-]+$/;

export function parsePrizesInput(raw: unknown): { shares: LevelShare[]; firstPrizeInEveryGroup: boolean; sheet: Sheet; groups: PrizeGroupInput[] } {
  if (!isPlainObject(raw)) throw new BadInput('(root)', 'must be a JSON object');
  if (!Array.isArray(raw.shares) || raw.shares.length === 0) throw new BadInput('shares', 'must be a non-empty array of { prize, share }');
  const shares = raw.shares.map((s, i): LevelShare => {
    if (!isPlainObject(s)) throw new BadInput(`shares[${i}]`, 'must be an object { prize, share }');
    if (!PRIZE_ORDER.includes(s.prize as PrizeCode)) throw new BadInput(`shares[${i}].prize`, `must be one of ${PRIZE_ORDER.join(', ')}`);
    if (typeof s.share !== 'number' || !Number.isInteger(s.share) || s.share < 0 || s.share > 100) {
      throw new BadInput(`shares[${i}].share`, 'must be a whole percent from 0 to 100 (15 means 15%)');
    }
    return { prize: s.prize as PrizeCode, share: s.share };
  });
  const shareProblem = checkShares(shares);
  if (shareProblem) throw new BadInput('shares', shareProblem);
  const option = raw.firstPrizeInEveryGroup ?? false;
  if (typeof option !== 'boolean') throw new BadInput('firstPrizeInEveryGroup', 'must be true or false');

  const sheet = parseSheetInput(raw.sheet, 'must be a non-empty array of { item, points }');

  if (!Array.isArray(raw.groups) || raw.groups.length === 0) throw new BadInput('groups', 'must be a non-empty array of { code, contestants }');
  const groupCodes = new Set<string>();
  const contestantCodes = new Map<string, string>();
  const groups = raw.groups.map((g, gi): PrizeGroupInput => {
    const at = `groups[${gi}]`;
    if (!isPlainObject(g)) throw new BadInput(at, 'must be an object { code, contestants }');
    if (typeof g.code !== 'string' || !CODE_RE.test(g.code)) throw new BadInput(`${at}.code`, "must be ASCII letters, digits, '_' or '-'");
    if (groupCodes.has(g.code)) throw new BadInput(`${at}.code`, `group ${g.code} appears twice`);
    groupCodes.add(g.code);
    if (!Array.isArray(g.contestants)) throw new BadInput(`${at}.contestants`, 'must be an array of { code, total, items }');
    return {
      code: g.code,
      contestants: g.contestants.map((c, ci) => {
        const cat = `${at}.contestants[${ci}]`;
        if (!isPlainObject(c)) throw new BadInput(cat, 'must be an object { code, total, items }');
        if (typeof c.code !== 'string' || c.code === '') throw new BadInput(`${cat}.code`, 'must be a non-empty string');
        const other = contestantCodes.get(c.code);
        if (other) throw new BadInput(`${cat}.code`, `contestant ${c.code} already appears in ${other}`);
        contestantCodes.set(c.code, at);
        const total = parseScoreHundredths(c.total);
        if (total === null) throw new BadInput(`${cat}.total`, 'must be a published score with at most two decimals, e.g. "87.63"');
        if (!Array.isArray(c.items) || c.items.length !== sheet.length) {
          throw new BadInput(`${cat}.items`, `must hold one score per sheet item (${sheet.length}), in sheet order`);
        }
        const items = c.items.map((x, k) => {
          const h = parseScoreHundredths(x);
          if (h === null) throw new BadInput(`${cat}.items[${k}]`, 'must be a published score with at most two decimals');
          if (h > BigInt(sheet[k].points) * 100n) throw new BadInput(`${cat}.items[${k}]`, `is above the item's ${sheet[k].points} points`);
          return h;
        });
        return { code: c.code, totalHundredths: total, itemHundredths: items };
      }),
    };
  });
  return { shares, firstPrizeInEveryGroup: option, sheet, groups };
}

export function prizesCommand(args: string[], io: Io): number {
  const input = parsePrizesInput(readJsonFile(args[0]));
  const report = computePrizes({ ...input, tieBreakOrder: heaviestFirst(input.sheet) });
  printJson(io, {
    contestants: report.contestants,
    firstPrizeInEveryGroup: report.firstPrizeInEveryGroup,
    levels: report.levels,
    groups: report.groups.map((g) => ({
      code: g.code,
      contestants: g.contestants,
      counts: Object.fromEntries(g.levels.map((l) => [l.prize, l.count])),
      levels: g.levels,
      cuts: g.cuts,
      tieShifts: g.tieShifts,
      winners: g.winners,
    })),
  });
  return EXIT_OK;
}
