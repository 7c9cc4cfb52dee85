import { DEMO_PASSWORD } from '../demo/demo-data';
import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it.each([
    ['short', 'alice', 'minLength'],
    ['Abc123!xy', 'alice', 'minLength'],
    ['alice-the-admin', 'alice-the-admin', 'notUsername'],
    ['ALICE-THE-ADMIN', 'alice-the-admin', 'notUsername'],
    ['password123', 'alice', 'notCommon'],
    ['1234567890', 'alice', 'notCommon'],
    ['qwertyuiop', 'alice', 'notCommon'],
    ['password-1', 'alice', 'notCommon'],
    ['Password123!', 'alice', 'notCommon'],
    [DEMO_PASSWORD, 'alice', 'notCommon'],
    ['x'.repeat(201), 'alice', 'maxLength'],
  ])('refuses %j for %j (%s)', (password, username, rule) => {
    expect(passwordProblem(password, username)?.rule).toBe(rule);
  });

  it.each([
    ['test-password-1', 'school_admin-3'],
    ['violet-harbor-71', 'city'],
    ['correct horse battery', 'judge1'],
    ['Xk9#mq2LpZ', 'district1'],
    ['东湖镇中心小学2025春', 'school-S01'],
  ])('accepts %j for %j', (password, username) => {
    expect(passwordProblem(password, username)).toBeNull();
  });
});
