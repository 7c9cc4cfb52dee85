/**
 * `npm run -s cli -- create-admin --username <name> [--display-name <text>]
 *    [--sqlite <file> | --database-url <url> [--schema <name>]]`
 *
 * Creates the first city administrator of a real deployment (which starts with an empty
 * database: no demo). The password is read from standard input (its first line), or, when
 * standard input is a terminal or empty, generated and printed once. Refused (exit 1) when a city
 * administrator exists; exit 2 on bad input (username, a password the policy refuses, bad option).
 * The database is the service's (DATABASE_URL / DATABASE_SCHEMA / SQLITE_PATH; the options
 * override them), migrated as on a start; the creation is audited (actor system:create-admin).
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { AppModule } from '../app.module';
import { anyAccountWithRole } from '../auth/find-account';
import { AccountsService } from '../auth/accounts.service';
import { ConfigError, Environment, loadEnvironment } from '../config/environment';
import { AppError } from '../common/errors';
import { DataSource } from 'typeorm';
import { BadInput, EXIT_BAD_INPUT, EXIT_NO, EXIT_OK, Io, printJson, processIo } from './io';

export const CREATE_ADMIN_ACTOR = 'system:create-admin';
const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/i;

const OPTIONS: Record<string, string> = {
  '--username': 'username',
  '--display-name': 'displayName',
  '--sqlite': 'SQLITE_PATH',
  '--database-url': 'DATABASE_URL',
  '--schema': 'DATABASE_SCHEMA',
};

/** Standard input's first line, or null when it is a terminal or empty. */
export function readStdinPassword(): string | null {
  if (process.stdin.isTTY) return null;
  let text = '';
  try {
    text = readFileSync(0, 'utf8');
  } catch {
    return null;
  }
  const line = text.split(/\r?\n/)[0];
  return line.length ? line : null;
}

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

function parse(argv: string[], env: Record<string, string | undefined>): { username: string; displayName: string; env: Environment } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = OPTIONS[argv[i]];
    if (!key) throw new BadInput(argv[i], `unknown option ${argv[i]} (options: ${Object.keys(OPTIONS).join(', ')})`);
    if (argv[i + 1] === undefined) throw new BadInput(argv[i], `${argv[i]} needs a value`);
    values[key] = argv[++i];
  }
  if (!values.username) throw new BadInput('--username', 'create-admin needs --username <name>');
  if (!USERNAME_RE.test(values.username)) throw new BadInput('--username', 'username must be 2–64 characters: letters, digits, . _ -');
  const merged: Record<string, string | undefined> = { ...env, LOG_LEVEL: 'silent', DEMO_SEED: 'false' };
  for (const v of ['SQLITE_PATH', 'DATABASE_URL', 'DATABASE_SCHEMA']) if (values[v]) merged[v] = values[v];
  if (values.SQLITE_PATH && !values.DATABASE_URL) delete merged.DATABASE_URL;
  // The service's other settings do not matter here; keep a production NODE_ENV from refusing DEMO_SEED.
  try {
    return { username: values.username, displayName: values.displayName ?? '市教育局管理员', env: loadEnvironment(merged) };
  } catch (e) {
    if (e instanceof ConfigError) throw new BadInput(e.problems[0].variable, e.message);
    throw e;
  }
}

export async function createAdmin(
  argv: string[],
  io: Io = processIo,
  stdinPassword: () => string | null = readStdinPassword,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const { username, displayName, env: environment } = parse(argv, env);
  const given = stdinPassword();
  const password = given ?? generatePassword();
  let app: INestApplicationContext | null = null;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(environment), { logger: false, abortOnError: false });
    const existing = await anyAccountWithRole(app.get(DataSource).manager, 'city_admin');
    if (existing) {
      io.err(JSON.stringify({ error: 'refused', message: `a city administrator exists already (${existing.username}); create further accounts in the service` }));
      return EXIT_NO;
    }
    try {
      const account = await app.get(AccountsService).create(CREATE_ADMIN_ACTOR, { username, password, role: 'city_admin', displayName });
      printJson(io, {
        created: true,
        username: account.username,
        role: account.role,
        ...(given === null && { password, note: 'generated: shown once, keep it safe' }),
      });
      return EXIT_OK;
    } catch (e) {
      if (e instanceof AppError) {
        io.err(JSON.stringify({ error: 'bad-input', field: e.details?.[0]?.field ?? 'username', code: e.code, message: e.message }));
        return EXIT_BAD_INPUT;
      }
      throw e;
    }
  } finally {
    await app?.close();
  }
}
