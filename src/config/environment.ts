/**
 * The service's configuration: environment variables, validated once at start.
 *
 * `loadEnvironment(env)` turns raw strings into a typed, checked `Environment`, or throws a
 * `ConfigError` whose message names every bad variable. main.ts calls it before Nest starts
 * (a bad value stops the start with exit code 1); the tests call it with their own values.
 * CONFIG_TABLE below is the documentation of every variable (README, --help).
 */
import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'net';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** '0', or a signed amount with a unit: '+3d', '-2h', '+90m', '+30s'. */
export const CLOCK_OFFSET_RE = /^(0|[+-]?\d{1,7}[smhd])$/;
/** false | true | a hop count 1–10 | a comma-separated list of IPv4/IPv6 addresses (checked with net.isIP). */
export const TRUST_PROXY_RE = /^(false|true|[1-9]|10|[0-9A-Fa-f.:]+(\s*,\s*[0-9A-Fa-f.:]+)*)$/;

/** A duration: '45m', '8h', '7d', '3600s'. */
export const DURATION_RE = /^\d{1,7}[smhd]$/;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A socket timeout: digits + ms|s|m ('75s', '90000ms', '2m'). */
export const MS_DURATION_RE = /^\d{1,9}(ms|s|m)$/;

/** '75s' → 75000, '500ms' → 500, '2m' → 120000. Assumes MS_DURATION_RE matched. */
export function socketTimeoutMs(text: string): number {
  const m = /^(\d+)(ms|s|m)$/.exec(text);
  if (!m) throw new Error(`not a socket timeout: ${text}`);
  return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
}

/** '+3d' → 259200000; '0' → 0. Assumes CLOCK_OFFSET_RE / DURATION_RE matched. */
export function durationMs(text: string): number {
  if (text === '0') return 0;
  const m = /^([+-]?)(\d+)([smhd])$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const value = Number(m[2]) * UNIT_MS[m[3]];
  return m[1] === '-' ? -value : value;
}

function toBool(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
}

function toInt(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Raw variables with their rules. Every property has a default or is optional, so an empty
 * environment is a valid one (the defaults run the demo on SQLite).
 */
export class EnvironmentVariables {
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'PORT must be a whole number from 1 to 65535' })
  @Min(1, { message: 'PORT must be a whole number from 1 to 65535' })
  @Max(65535, { message: 'PORT must be a whole number from 1 to 65535' })
  PORT: number = 3000;

  @IsString()
  @MinLength(1, { message: 'HOST must not be empty' })
  HOST: string = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, {
    message: 'DATABASE_SCHEMA must be a lowercase SQL identifier (letters, digits, _)',
  })
  DATABASE_SCHEMA?: string;

  @IsString()
  @MinLength(1, { message: 'SQLITE_PATH must not be empty' })
  SQLITE_PATH: string = 'data/contest.sqlite';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long when set' })
  JWT_SECRET?: string;

  @IsString()
  @MinLength(1)
  JWT_SECRET_FILE: string = 'data/jwt-secret';

  @Matches(DURATION_RE, { message: "TOKEN_TTL must be a duration such as '45m', '8h' or '7d'" })
  TOKEN_TTL: string = '8h';

  @Matches(CLOCK_OFFSET_RE, { message: "CLOCK_OFFSET must be '0' or a signed duration such as '+3d', '-2h', '+90m'" })
  CLOCK_OFFSET: string = '0';

  @IsString()
  @MaxLength(64)
  CONTEST_TIME_ZONE: string = 'Asia/Shanghai';

  @IsIn(LOG_LEVELS as unknown as string[], { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** Unset: the demo loads only on the embedded default (no DATABASE_URL, NODE_ENV not production). */
  @IsOptional()
  @Transform(({ value }) => toBool(value))
  @IsBoolean({ message: 'DEMO_SEED must be true or false' })
  DEMO_SEED?: boolean;

  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, { message: 'NODE_ENV must be a word such as production or development' })
  NODE_ENV?: string;

  @Matches(TRUST_PROXY_RE, {
    message: 'TRUST_PROXY must be false, true, a number of proxies 1–10, or a comma-separated list of proxy IP addresses',
  })
  TRUST_PROXY: string = 'false';

  @Transform(({ value }) => toBool(value))
  @IsBoolean({ message: 'BEHIND_HTTPS must be true or false' })
  BEHIND_HTTPS: boolean = false;

  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'ARGON2_MEMORY_KIB must be a whole number from 1024 to 1048576' })
  @Min(1024, { message: 'ARGON2_MEMORY_KIB must be a whole number from 1024 to 1048576' })
  @Max(1048576, { message: 'ARGON2_MEMORY_KIB must be a whole number from 1024 to 1048576' })
  ARGON2_MEMORY_KIB: number = 65536;

  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'LOGIN_RATE_LIMIT must be a whole number from 1 to 100000' })
  @Min(1, { message: 'LOGIN_RATE_LIMIT must be a whole number from 1 to 100000' })
  @Max(100000, { message: 'LOGIN_RATE_LIMIT must be a whole number from 1 to 100000' })
  LOGIN_RATE_LIMIT: number = 60;

  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'LOGIN_USERNAME_RATE_LIMIT must be a whole number from 1 to 100000' })
  @Min(1, { message: 'LOGIN_USERNAME_RATE_LIMIT must be a whole number from 1 to 100000' })
  @Max(100000, { message: 'LOGIN_USERNAME_RATE_LIMIT must be a whole number from 1 to 100000' })
  LOGIN_USERNAME_RATE_LIMIT: number = 10;

  @Matches(MS_DURATION_RE, { message: "KEEP_ALIVE_TIMEOUT must be a duration such as '75s', '90000ms' or '2m'" })
  KEEP_ALIVE_TIMEOUT: string = '75s';

  @Matches(MS_DURATION_RE, { message: "HEADERS_TIMEOUT must be a duration such as '80s', '90000ms' or '2m'" })
  HEADERS_TIMEOUT: string = '80s';
  @Transform(({ value }) => toInt(value))
  @IsInt({ message: 'OBJECTION_RATE_LIMIT must be a whole number from 1 to 100000' })
  @Min(1, { message: 'OBJECTION_RATE_LIMIT must be a whole number from 1 to 100000' })
  @Max(100000, { message: 'OBJECTION_RATE_LIMIT must be a whole number from 1 to 100000' })
  OBJECTION_RATE_LIMIT: number = 5;
}

/** The validated configuration. */
export type Environment = EnvironmentVariables;

/** The documentation of every variable: name, default, rule. */
export const CONFIG_TABLE: { name: keyof EnvironmentVariables; default: string; rule: string }[] = [
  { name: 'PORT', default: '3000', rule: 'whole number 1–65535' },
  { name: 'HOST', default: '0.0.0.0', rule: 'interface to listen on' },
  { name: 'DATABASE_URL', default: '(unset: SQLite)', rule: 'postgres:// or postgresql:// URL; when set, PostgreSQL is used' },
  { name: 'DATABASE_SCHEMA', default: '(unset: public)', rule: 'PostgreSQL only: schema used as search_path; lowercase identifier' },
  { name: 'SQLITE_PATH', default: 'data/contest.sqlite', rule: 'file path (directory created); used when DATABASE_URL is unset' },
  { name: 'JWT_SECRET', default: '(unset: generated once into JWT_SECRET_FILE)', rule: 'at least 32 characters' },
  { name: 'JWT_SECRET_FILE', default: 'data/jwt-secret', rule: 'where the generated secret is kept (mode 0600)' },
  { name: 'TOKEN_TTL', default: '8h', rule: "lifetime of a login token: digits + s|m|h|d ('45m', '8h', '7d')" },
  { name: 'CLOCK_OFFSET', default: '0', rule: "shifts the service clock for demos: '0' or ±digits + s|m|h|d ('+3d', '-2h', '+90m')" },
  { name: 'CONTEST_TIME_ZONE', default: 'Asia/Shanghai', rule: "IANA time zone of the calendar dates (today, deadlines)" },
  { name: 'LOG_LEVEL', default: 'info', rule: LOG_LEVELS.join(' | ') },
  { name: 'DEMO_SEED', default: '(unset: only on the embedded default)', rule: 'true | false: load the demo contest into an empty database; unset: only without DATABASE_URL and with NODE_ENV other than production; true is refused with NODE_ENV=production' },
  { name: 'NODE_ENV', default: '(unset)', rule: 'production: no demo, and the start is refused while any account has the demo password' },
  { name: 'TRUST_PROXY', default: 'false', rule: 'when to believe X-Forwarded-For for the client address (login limits, logs): false | true (the nearest proxy, any peer) | 1–10 proxies | comma-separated proxy IP addresses' },
  { name: 'BEHIND_HTTPS', default: 'false', rule: 'true when the service is reached over HTTPS only (sends Strict-Transport-Security)' },
  { name: 'ARGON2_MEMORY_KIB', default: '65536', rule: 'argon2id memory cost in KiB, 1024–1048576' },
  { name: 'LOGIN_RATE_LIMIT', default: '60', rule: 'login attempts per minute per client address, 1–100000' },
  { name: 'LOGIN_USERNAME_RATE_LIMIT', default: '10', rule: 'failed login attempts per username per 15 minutes, 1–100000' },
  { name: 'KEEP_ALIVE_TIMEOUT', default: '75s', rule: "idle keep-alive socket timeout: digits + ms|s|m; longer than the load balancer's idle timeout (60 s on most)" },
  { name: 'HEADERS_TIMEOUT', default: '80s', rule: 'time to receive a request\'s headers: digits + ms|s|m; must exceed KEEP_ALIVE_TIMEOUT' },
  { name: 'OBJECTION_RATE_LIMIT', default: '5', rule: 'public objections per hour per client address, 1–100000' },
];

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[]): { variable: string; message: string }[] {
  // One line per distinct message (several rules of a variable often share one).
  return errors.flatMap((e) =>
    [...new Set(Object.values(e.constraints ?? {}))].map((message) => ({
      variable: e.property,
      message: `${message} (got ${JSON.stringify(e.value)})`,
    })),
  );
}

/**
 * Validates raw environment variables (unknown variables are ignored; an empty string counts as
 * unset). Throws ConfigError naming every bad variable.
 */
export function loadEnvironment(raw: Record<string, string | undefined>): Environment {
  const known = new Set(CONFIG_TABLE.map((c) => c.name as string));
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (known.has(key) && value !== undefined && value !== '') picked[key] = value;
  }
  const env = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const problems = flatten(validateSync(env, { forbidUnknownValues: false }));
  if (!problems.length && !isValidTimeZone(env.CONTEST_TIME_ZONE)) {
    problems.push({
      variable: 'CONTEST_TIME_ZONE',
      message: `CONTEST_TIME_ZONE must be an IANA time zone such as Asia/Shanghai (got ${JSON.stringify(env.CONTEST_TIME_ZONE)})`,
    });
  }
  if (!problems.length && socketTimeoutMs(env.HEADERS_TIMEOUT) <= socketTimeoutMs(env.KEEP_ALIVE_TIMEOUT)) {
    problems.push({
      variable: 'HEADERS_TIMEOUT',
      message: `HEADERS_TIMEOUT must be longer than KEEP_ALIVE_TIMEOUT (got ${JSON.stringify(env.HEADERS_TIMEOUT)} and ${JSON.stringify(env.KEEP_ALIVE_TIMEOUT)})`,
    });
  }
  if (!problems.length && /^\d+$/.test(env.TRUST_PROXY) && !(Number(env.TRUST_PROXY) >= 1 && Number(env.TRUST_PROXY) <= 10)) {
    problems.push({ variable: 'TRUST_PROXY', message: `TRUST_PROXY: a number of proxies must be 1–10 (got "${env.TRUST_PROXY}")` });
  } else if (!problems.length && !['false', 'true'].includes(env.TRUST_PROXY) && !/^\d+$/.test(env.TRUST_PROXY)) {
    const bad = env.TRUST_PROXY.split(',').map((a) => a.trim()).filter((a) => !isIP(a));
    if (bad.length) problems.push({ variable: 'TRUST_PROXY', message: `TRUST_PROXY: not an IP address: ${bad.join(', ')}` });
  }
  if (!problems.length && env.DEMO_SEED === true && env.NODE_ENV === 'production') {
    problems.push({ variable: 'DEMO_SEED', message: 'DEMO_SEED=true cannot be used with NODE_ENV=production (the demo has published passwords)' });
  }
  if (problems.length) throw new ConfigError(problems);
  return env;
}
