/** The access policy: known answers for each kind of scope rule, and the README's table kept equal to the code's. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { AppError } from '../common/errors';
import { AuthUser, Role, ROLES } from '../common/roles';
import { withTable } from '../../scripts/access-table';
import { ACTIONS, assertCan, can, listFilter, POLICY, policyMarkdown, rolesOf } from './policy';
import { SCOPES } from './scopes';
import type { Resource } from './types';

const user = (role: Role, scope: Partial<AuthUser> = {}): AuthUser => ({ id: 7, username: 'u', displayName: 'u', role, districtId: null, schoolId: null, ...scope });
const city = user('city_admin');
const districtA = user('district_admin', { districtId: 1 });
const schoolA1 = user('school_admin', { districtId: 1, schoolId: 11 });
const judge = user('judge', { districtId: 1, schoolId: 11 });
const linked = user('judge', { judgeLinkPanelId: 5 });
const WHO = { city, districtA, schoolA1, judge, linked };

/** The code assertCan throws, or 'ok'. */
function outcome(u: AuthUser, action: keyof typeof POLICY, r: Resource = {}): string {
  try {
    assertCan(u, action, r);
    return 'ok';
  } catch (e) {
    return (e as AppError).code;
  }
}

describe('access policy', () => {
  it.each([
    // registry: own district / own school
    ['city', 'school.read', { schoolId: 12, districtId: 2 }, 'ok'],
    ['districtA', 'school.read', { schoolId: 12, districtId: 1 }, 'ok'],
    ['districtA', 'school.read', { schoolId: 21, districtId: 2 }, 'OUT_OF_SCOPE'],
    ['schoolA1', 'school.read', { schoolId: 11, districtId: 1 }, 'ok'],
    ['schoolA1', 'school.read', { schoolId: 12, districtId: 1 }, 'OUT_OF_SCOPE'],
    ['judge', 'school.read', { schoolId: 11, districtId: 1 }, 'ROLE_FORBIDDEN'],
    ['schoolA1', 'school.write', { districtId: 1 }, 'ROLE_FORBIDDEN'],
    ['districtA', 'school.move', {}, 'ROLE_FORBIDDEN'],
    // accounts: a district admin creates and manages school admins of its district only
    ['districtA', 'account.create', { accountRole: 'district_admin' }, 'ROLE_FORBIDDEN'],
    ['districtA', 'account.create', { accountRole: 'school_admin' }, 'ok'],
    ['districtA', 'account.manage', { accountRole: 'school_admin', districtId: 1 }, 'ok'],
    ['districtA', 'account.manage', { accountRole: 'school_admin', districtId: 2 }, 'OUT_OF_SCOPE'],
    ['districtA', 'account.manage', { accountRole: 'judge', districtId: 1 }, 'OUT_OF_SCOPE'],
    ['districtA', 'account.list', { accountRole: 'judge' }, 'OUT_OF_SCOPE'],
    // judging: organiser and viewer of a panel
    ['districtA', 'panel.manage', { panelId: 3, round: 'semifinal', districtId: 1 }, 'ok'],
    ['districtA', 'panel.manage', { panelId: 3, round: 'preliminary', districtId: 1, schoolId: 11 }, 'OUT_OF_SCOPE'],
    ['districtA', 'panel.read', { panelId: 3, round: 'preliminary', districtId: 1, schoolId: 11 }, 'ok'],
    ['districtA', 'panel.read', { panelId: 3, round: 'final', districtId: null }, 'OUT_OF_SCOPE'],
    ['schoolA1', 'panel.manage', { panelId: 3, round: 'preliminary', districtId: 1, schoolId: 11 }, 'ok'],
    ['schoolA1', 'panel.manage', { panelId: 3, round: 'semifinal', districtId: 1 }, 'OUT_OF_SCOPE'],
    ['judge', 'panel.manage', { panelId: 3, round: 'final' }, 'ROLE_FORBIDDEN'],
    ['judge', 'entrantSheet.read', { schoolId: 11, districtId: 1, callerSeated: false }, 'OUT_OF_SCOPE'],
    ['judge', 'entrantSheet.read', { schoolId: 12, districtId: 1, callerSeated: true }, 'ok'],
    // the judge's private link: only actions open to it, only its panel
    ['linked', 'sheet.write', { panelId: 5 }, 'ok'],
    ['linked', 'sheet.write', { panelId: 6 }, 'NOT_ON_PANEL'],
    ['judge', 'sheet.write', { panelId: 6 }, 'ok'],
    ['linked', 'panel.list', {}, 'ROLE_FORBIDDEN'],
    ['city', 'sheet.write', { panelId: 5 }, 'ROLE_FORBIDDEN'],
    // advancement: organiser by round, unit admins, readers
    ['city', 'draw.run', { round: 'final', districtId: null }, 'ok'],
    ['city', 'draw.run', { round: 'semifinal', districtId: 1 }, 'ROLE_FORBIDDEN'],
    ['districtA', 'draw.run', { round: 'final', districtId: null }, 'ROLE_FORBIDDEN'],
    ['districtA', 'draw.run', { round: 'semifinal', districtId: 2 }, 'OUT_OF_SCOPE'],
    ['schoolA1', 'allocation.recommend', { round: 'semifinal', unitId: 11 }, 'ok'],
    ['schoolA1', 'allocation.recommend', { round: 'semifinal', unitId: 12 }, 'OUT_OF_SCOPE'],
    ['schoolA1', 'allocation.recommend', { round: 'final', unitId: 1 }, 'ROLE_FORBIDDEN'],
    ['districtA', 'allocation.recommend', { round: 'semifinal', unitId: 11 }, 'ROLE_FORBIDDEN'],
    ['districtA', 'allocation.recommend', { round: 'final', unitId: 1 }, 'ok'],
    ['districtA', 'allocation.read', { round: 'final', districtId: null, unitIds: [1, 2] }, 'ok'],
    ['districtA', 'allocation.read', { round: 'final', districtId: null, unitIds: [2, 3] }, 'OUT_OF_SCOPE'],
    ['schoolA1', 'allocation.read', { round: 'semifinal', districtId: 1, unitIds: [11, 12] }, 'ok'],
    ['schoolA1', 'allocation.read', { round: 'final', districtId: null, unitIds: [1] }, 'OUT_OF_SCOPE'],
    ['judge', 'allocation.read', { round: 'final', districtId: null, unitIds: [1] }, 'ROLE_FORBIDDEN'],
  ] as [keyof typeof WHO, keyof typeof POLICY, Resource, string][])('%s: %s %j → %s', (who, action, r, expected) => {
    const u = WHO[who];
    expect(outcome(u, action, r)).toBe(expected);
    expect(can(u, action, r)).toBe(expected === 'ok');
  });

  it('full ID numbers: the school, its district, the city; no one else, and not the public', () => {
    const school = { schoolId: 11, districtId: 1 };
    expect([city, districtA, schoolA1].map((u) => can(u, 'teacher.idNumber.full', school))).toEqual([true, true, true]);
    expect([user('district_admin', { districtId: 2 }), user('school_admin', { schoolId: 12, districtId: 1 }), judge, null].map((u) => can(u, 'teacher.idNumber.full', school))).toEqual([false, false, false, false]);
  });

  it('cuts lists down to the scope of the rule', () => {
    expect(listFilter(city, 'teacher.list')).toEqual({});
    expect(listFilter(districtA, 'teacher.list')).toEqual({ districtId: 1 });
    expect(listFilter(schoolA1, 'teacher.list')).toEqual({ schoolId: 11 });
    expect(listFilter(districtA, 'account.list')).toEqual({ districtId: 1, accountRole: 'school_admin' });
    expect(() => listFilter(judge, 'teacher.list')).toThrow(expect.objectContaining({ code: 'ROLE_FORBIDDEN' }));
  });

  it('every row names known roles and scope rules, and only one-panel judge actions are open to a link', () => {
    for (const action of ACTIONS) {
      const row = POLICY[action] as { roles: Record<string, string>; judgeLink?: boolean };
      for (const [role, scope] of Object.entries(row.roles)) {
        expect(ROLES).toContain(role);
        expect(Object.keys(SCOPES)).toContain(scope);
      }
      if (row.judgeLink) expect(row.roles.judge).toBe('linkedPanel');
      expect(rolesOf(action).length).toBeGreaterThan(0);
    }
  });

  it("the README's table is the one generated from the code", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(policyMarkdown());
    expect(withTable(readme)).toBe(readme);
  });
});
