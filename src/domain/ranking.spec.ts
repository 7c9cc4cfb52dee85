import { Rankable, rank } from './ranking';
import { defaultPreset } from './preset';
import { heaviestFirst } from './sheets';
import { aggregate } from './aggregation';
import { toTenths } from './points';

/** A row from published decimals: total and items ('80.98' → 8098n). */
function row(id: string, total: string, items: string[] = []): Rankable {
  const h = (s: string) => BigInt(s.replace('.', ''));
  return { id, totalHundredths: h(total), itemHundredths: items.map(h) };
}

const PRELIM_ORDER = heaviestFirst(defaultPreset().sheets.preliminary); // [3, 2, 0, 1]: classroom, design, handwriting, classic case

describe('rank', () => {
  it('ranks by total descending', () => {
    expect(rank([row('A', '70.00'), row('B', '90.00'), row('C', '80.00')], [])).toEqual([
      { id: 'B', rank: 1 },
      { id: 'C', rank: 2 },
      { id: 'A', rank: 3 },
    ]);
  });

  it('shares a rank between contestants still equal, and skips the next (1, 2, 2, 4)', () => {
    // B 90; A and C 85 with equal items; D 80 → 1, 2, 2, 4
    const items = ['8.00', '8.00', '25.00', '44.00'];
    expect(
      rank(
        [row('C', '85.00', items), row('D', '80.00', items), row('A', '85.00', items), row('B', '90.00', items)],
        PRELIM_ORDER,
      ),
    ).toEqual([
      { id: 'B', rank: 1 },
      { id: 'A', rank: 2 },
      { id: 'C', rank: 2 },
      { id: 'D', rank: 4 },
    ]);
  });

  it('shares rank 1 among three and continues at 4', () => {
    expect(rank([row('x', '50.00'), row('y', '50.00'), row('z', '50.00'), row('w', '49.99')], [])).toEqual([
      { id: 'x', rank: 1 },
      { id: 'y', rank: 1 },
      { id: 'z', rank: 1 },
      { id: 'w', rank: 4 },
    ]);
  });

  it('breaks a tie on the total by the heaviest item (classroom teaching)', () => {
    // both 85.00; classroom A 44.00 < B 44.50 → B first
    const A = row('A', '85.00', ['9.00', '8.00', '24.00', '44.00']);
    const B = row('B', '85.00', ['8.50', '8.00', '24.00', '44.50']);
    expect(rank([A, B], PRELIM_ORDER)).toEqual([
      { id: 'B', rank: 1 },
      { id: 'A', rank: 2 },
    ]);
  });

  it('then by the next-heaviest item (teaching design), then the next', () => {
    // both 85.00, classroom equal 44.00; design A 25.00 > B 24.50 → A first
    const A = row('A', '85.00', ['8.00', '8.00', '25.00', '44.00']);
    const B = row('B', '85.00', ['9.00', '7.50', '24.50', '44.00']);
    expect(rank([B, A], PRELIM_ORDER).map((r) => r.id)).toEqual(['A', 'B']);
    // classroom and design equal; handwriting (index 0, first of the two 10-point items) decides: C 9.00 > D 8.00
    const C = row('C', '85.00', ['9.00', '7.00', '25.00', '44.00']);
    const D = row('D', '85.00', ['8.00', '8.00', '25.00', '44.00']);
    expect(rank([D, C], PRELIM_ORDER)).toEqual([
      { id: 'C', rank: 1 },
      { id: 'D', rank: 2 },
    ]);
  });

  it('never lets an item outrank the total', () => {
    // A 85.01 with a weak classroom beats B 85.00 with a strong one
    const A = row('A', '85.01', ['10.00', '10.00', '30.00', '35.01']);
    const B = row('B', '85.00', ['0.00', '0.00', '35.00', '50.00']);
    expect(rank([B, A], PRELIM_ORDER).map((r) => r.id)).toEqual(['A', 'B']);
  });

  it('without a tie-break order, equal totals share the rank', () => {
    const A = row('A', '85.00', ['9.00', '8.00', '24.00', '44.00']);
    const B = row('B', '85.00', ['8.50', '8.00', '24.00', '44.50']);
    expect(rank([A, B], [])).toEqual([
      { id: 'A', rank: 1 },
      { id: 'B', rank: 1 },
    ]);
  });

  it('orders the output by rank then id (code-unit order, not locale), independent of input order', () => {
    const rows = [row('b', '80.00'), row('B', '80.00'), row('a', '80.00'), row('A', '90.00'), row('10', '80.00'), row('9', '80.00')];
    const expected = [
      { id: 'A', rank: 1 },
      { id: '10', rank: 2 },
      { id: '9', rank: 2 },
      { id: 'B', rank: 2 },
      { id: 'a', rank: 2 },
      { id: 'b', rank: 2 },
    ];
    expect(rank(rows, [])).toEqual(expected);
    expect(rank([...rows].reverse(), [])).toEqual(expected);
  });

  it('does not modify its input and handles an empty group', () => {
    const rows = [row('B', '1.00'), row('A', '2.00')];
    rank(rows, []);
    expect(rows.map((r) => r.id)).toEqual(['B', 'A']);
    expect(rank([], PRELIM_ORDER)).toEqual([]);
  });

  it('refuses duplicate ids and tie-break indices a row does not have', () => {
    expect(() => rank([row('A', '1.00'), row('A', '2.00')], [])).toThrow(/A.*more than once/);
    expect(() => rank([row('A', '1.00', ['1.00'])], [1])).toThrow(/no item 1/);
    expect(() => rank([row('A', '1.00', ['1.00'])], [-1])).toThrow(/not a valid item index/);
  });

  it('ranks results straight from aggregate on the final sheet (micro-lesson, then featured, then qa)', () => {
    const preset = defaultPreset();
    const sheet = preset.sheets.final;
    const e = (judge: string, ...s: number[]) => ({ judge, tenths: s.map((x) => toTenths(x)) });
    const result = (id: string, ...entries: ReturnType<typeof e>[]) => {
      const r = aggregate(sheet, entries, preset.aggregation);
      return { id, totalHundredths: r.totalHundredths, itemHundredths: r.itemHundredths };
    };
    // 2 judges each (plain mean). Totals:
    // P5: (15+15+70 + 15+15+69)/2 = 199/2 = 99.50 → rank 1
    // P1: (12+12+60 + 13+11+60)/2 = 84.00; micro 60.00, featured 12.50, qa 11.50
    // P2: (13+11+60 + 12+12+60)/2 = 84.00; micro 60.00, featured 12.50, qa 11.50 → equal to P1 on everything: shared
    // P3: (11+12+61 + 12+12+60)/2 = 84.00; micro 60.50 → ahead of P1, P2 on the heaviest item
    // P4: (12+12+60 + 12+12+60)/2 = 84.00; micro 60.00, featured 12.00 < 12.50 → behind P1, P2 on the next item
    const rows = [
      result('P1', e('J1', 12, 12, 60), e('J2', 13, 11, 60)),
      result('P2', e('J1', 13, 11, 60), e('J2', 12, 12, 60)),
      result('P3', e('J1', 11, 12, 61), e('J2', 12, 12, 60)),
      result('P4', e('J1', 12, 12, 60), e('J2', 12, 12, 60)),
      result('P5', e('J1', 15, 15, 70), e('J2', 15, 15, 69)),
    ];
    expect(rows.map((r) => r.totalHundredths)).toEqual([8400n, 8400n, 8400n, 8400n, 9950n]);
    expect(heaviestFirst(sheet)).toEqual([2, 0, 1]);
    expect(rank(rows, heaviestFirst(sheet))).toEqual([
      { id: 'P5', rank: 1 },
      { id: 'P3', rank: 2 },
      { id: 'P1', rank: 3 },
      { id: 'P2', rank: 3 },
      { id: 'P4', rank: 5 },
    ]);
  });
});
