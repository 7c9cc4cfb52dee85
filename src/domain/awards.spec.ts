import { certificateNumber, organisationAwards, OrganisationSchoolInput, singleItemAwards, teamAwards, TeamSchoolInput } from './awards';

const team = (code: string, winners: number, entrants: number, more: Partial<TeamSchoolInput> = {}): TeamSchoolInput => ({
  code,
  districtCode: 'D1',
  central: true,
  winners,
  entrants,
  finalFirstPrizes: 0,
  semifinalFirstPrizes: 0,
  prizes: winners,
  falsification: false,
  ...more,
});

describe('teamAwards (RULES §5), known answers', () => {
  it('ranks central and non-central schools apart, by the exact W/P, and awards round_half_up(30% × n)', () => {
    // Central: 3/10 = 0.3, 2/7 ≈ 0.2857, 1/3 ≈ 0.333 → order C3, C1, C2; 30% of 3 = 0.9 → 1 place.
    // Non-central: 1/20, 0/5 → 30% of 2 = 0.6 → 1 place: N1.
    const r = teamAwards(
      [team('C1', 3, 10), team('C2', 2, 7), team('C3', 1, 3), team('N1', 1, 20, { central: false }), team('N2', 0, 5, { central: false })],
      30,
    );
    expect(r.map((x) => [x.central, x.schools, x.places, x.awarded])).toEqual([
      [true, 3, 1, 1],
      [false, 2, 1, 1],
    ]);
    expect(r[0].rows.map((x) => [x.code, x.score, x.percent, x.rank, x.awarded])).toEqual([
      ['C3', '1/3', '33.33', 1, true],
      ['C1', '3/10', '30.00', 2, false],
      ['C2', '2/7', '28.57', 3, false],
    ]);
    expect(r[1].rows.map((x) => [x.code, x.awarded])).toEqual([
      ['N1', true],
      ['N2', false],
    ]);
  });

  it('equal scores: more final first prizes, then semi-final first prizes, then prizes; still equal share the rank and the award', () => {
    const r = teamAwards(
      [
        team('A', 2, 10, { finalFirstPrizes: 1 }),
        team('B', 1, 5, { semifinalFirstPrizes: 2 }),
        team('C', 1, 5, { semifinalFirstPrizes: 2 }),
        team('D', 3, 15, { prizes: 4 }),
        team('E', 0, 4),
        team('F', 0, 4),
        team('G', 0, 4),
      ],
      30,
    );
    // 7 schools × 30% = 2.1 → 2 places; A rank 1, B and C share rank 2 → both receive it (3 awarded).
    const rows = r[0].rows;
    expect(rows.map((x) => [x.code, x.rank, x.awarded])).toEqual([
      ['A', 1, true],
      ['B', 2, true],
      ['C', 2, true],
      ['D', 4, false],
      ['E', 5, false],
      ['F', 5, false],
      ['G', 5, false],
    ]);
    expect(r[0]).toMatchObject({ places: 2, awarded: 3 });
  });

  it('a category with no prize winner: nobody receives it', () => {
    const r = teamAwards([team('A', 0, 10), team('B', 0, 12), team('C', 0, 3)], 30);
    expect(r[0]).toMatchObject({ schools: 3, places: 1, awarded: 0 });
    expect(r[0].rows.every((x) => !x.awarded)).toBe(true);
  });

  it('at least one where a school has W > 0, even when the share rounds to 0', () => {
    const r = teamAwards([team('A', 1, 10)], 30);
    expect(r[0]).toMatchObject({ schools: 1, places: 1, awarded: 1 });
  });

  it('a school without preliminary entrants or with an upheld falsification case takes no part', () => {
    const r = teamAwards([team('A', 2, 10, { falsification: true }), team('B', 0, 0), team('C', 1, 10)], 30);
    expect(r[0].rows.map((x) => [x.code, x.rank, x.awarded, x.excluded])).toEqual([
      ['C', 1, true, null],
      ['A', null, false, 'falsification'],
      ['B', null, false, 'no-entrants'],
    ]);
    expect(r[0].schools).toBe(1);
  });
});

const org = (code: string, teachers: number, entrants: number, more: Partial<OrganisationSchoolInput> = {}): OrganisationSchoolInput => ({
  code,
  districtCode: 'D1',
  teachers,
  excluded: 0,
  exempted: 0,
  entrants,
  submittedOnTime: true,
  extended: false,
  upheldObjection: false,
  ...more,
});

describe('organisationAwards (RULES §5), known answers', () => {
  it('exactly at the threshold qualifies; one below does not (exact fraction, no floating point)', () => {
    // 27 of 30 = 90% exactly; 26 of 29 ≈ 89.66%; 9 of 10 expected after 2 excluded and 1 exempted.
    const r = organisationAwards([org('A', 30, 27), org('B', 29, 26), org('C', 13, 9, { excluded: 2, exempted: 1 })], 90);
    expect(r.map((x) => [x.code, x.participation, x.percent, x.awarded])).toEqual([
      ['A', '9/10', '90.00', true],
      ['C', '9/10', '90.00', true],
      ['B', '26/29', '89.66', false],
    ]);
  });

  it('late, extended, or with an upheld objection: no award, whatever the participation', () => {
    const r = organisationAwards(
      [org('A', 10, 10, { submittedOnTime: false }), org('B', 10, 10, { extended: true }), org('C', 10, 10, { upheldObjection: true }), org('D', 10, 10)],
      90,
    );
    expect(r.map((x) => [x.code, x.onTime, x.noUpheldObjection, x.awarded])).toEqual([
      ['A', false, true, false],
      ['B', false, true, false],
      ['C', true, false, false],
      ['D', true, true, true],
    ]);
  });

  it('a school with nobody expected does not qualify and is listed last', () => {
    const r = organisationAwards([org('Z', 2, 0, { excluded: 2 }), org('A', 10, 9)], 90);
    expect(r.map((x) => [x.code, x.participation, x.awarded])).toEqual([
      ['A', '9/10', true],
      ['Z', null, false],
    ]);
  });
});

describe('singleItemAwards and certificate numbers', () => {
  it('every contestant tied at the highest item score receives it', () => {
    const r = singleItemAwards(
      [
        { code: 'B', itemHundredths: [900n, 4500n] },
        { code: 'A', itemHundredths: [900n, 4700n] },
        { code: 'C', itemHundredths: [850n, 4700n] },
      ],
      2,
    );
    expect(r).toEqual([
      { item: 0, best: '9.00', codes: ['A', 'B'] },
      { item: 1, best: '47.00', codes: ['A', 'C'] },
    ]);
    expect(singleItemAwards([], 2)).toEqual([]);
  });

  it('numbers certificates <contest>-<round>-<NNNN>', () => {
    expect(certificateNumber('c2025', 'final', 7)).toBe('c2025-final-0007');
    expect(certificateNumber('c2025', 'final', 12345)).toBe('c2025-final-12345');
    expect(() => certificateNumber('c2025', 'final', 0)).toThrow();
  });
});
