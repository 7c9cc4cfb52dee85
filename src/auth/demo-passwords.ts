/**
 * Accounts that still have the demo's known password (flagged by the demo seed, cleared by any
 * password change). Every start that is not the embedded demo says how many there are; with
 * NODE_ENV=production the start is refused while there is one.
 */
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { Account } from './account.entity';

export async function demoPasswordUsernames(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.getRepository(Account).find({ where: { demoPassword: true }, order: { id: 'ASC' }, select: { id: true, username: true } });
  return rows.map((r) => r.username);
}

export interface DemoPasswordCheck {
  /** Lines for the start's output (none on the embedded demo). */
  lines: string[];
  /** True: the start must stop (production with a demo password). */
  refuse: boolean;
}

export function demoPasswordCheck(usernames: string[], config: Pick<AppConfig, 'embeddedDemo' | 'production'>): DemoPasswordCheck {
  if (config.embeddedDemo) return { lines: [], refuse: false };
  if (!usernames.length) return { lines: ['Demo passwords: no account has the demo password.'], refuse: false };
  const names = usernames.slice(0, 10).join(', ') + (usernames.length > 10 ? `, … (${usernames.length} in all)` : '');
  const lines = [`WARNING: ${usernames.length} account(s) still have the demo password, published in the README: ${names}.`];
  if (config.production) {
    lines.push('NODE_ENV=production refuses to start while any account has the demo password: change those passwords (or disable the demo accounts by resetting them) first.');
  } else {
    lines.push('Change their passwords before real data is entered; NODE_ENV=production refuses to start with them.');
  }
  return { lines, refuse: config.production };
}
