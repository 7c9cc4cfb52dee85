/**
 * The typed configuration every service injects (`constructor(private readonly config: AppConfig)`),
 * derived once from the validated environment (see environment.ts).
 */
import { randomBytes } from 'crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { ConfigError, durationMs, Environment, LogLevel, socketTimeoutMs } from './environment';

export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema?: string };

export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly jwtSecret: string;
  /** Where the secret came from: the environment, the kept file, or generated into the file now. */
  readonly jwtSecretSource: 'env' | 'file' | 'generated';
  readonly tokenTtlSeconds: number;
  readonly clockOffsetMs: number;
  readonly timeZone: string;
  readonly logLevel: LogLevel;
  /** NODE_ENV=production. */
  readonly production: boolean;
  /** Whether an empty database gets the demo: DEMO_SEED, or when unset the embedded default. */
  readonly demoSeed: boolean;
  /** The embedded demo: SQLite (no DATABASE_URL), not production, the demo not turned off. */
  readonly embeddedDemo: boolean;
  readonly argon2MemoryKib: number;
  readonly loginRateLimit: number;
  /** Node's http server keepAliveTimeout and headersTimeout, in ms. */
  readonly keepAliveTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly loginUsernameRateLimit: number;
  readonly trustProxy: TrustProxy;
  /** The service is reached over HTTPS only: Strict-Transport-Security is sent. */
  readonly behindHttps: boolean;

  constructor(readonly env: Environment) {
    this.port = env.PORT;
    this.host = env.HOST;
    this.database = databaseConfig(env);
    const secret = resolveJwtSecret(env);
    this.jwtSecret = secret.secret;
    this.jwtSecretSource = secret.source;
    this.tokenTtlSeconds = durationMs(env.TOKEN_TTL) / 1000;
    this.clockOffsetMs = durationMs(env.CLOCK_OFFSET);
    this.timeZone = env.CONTEST_TIME_ZONE;
    this.logLevel = env.LOG_LEVEL;
    this.production = env.NODE_ENV === 'production';
    const embedded = !env.DATABASE_URL && !this.production;
    this.demoSeed = env.DEMO_SEED ?? embedded;
    this.embeddedDemo = embedded && this.demoSeed;
    this.argon2MemoryKib = env.ARGON2_MEMORY_KIB;
    this.loginRateLimit = env.LOGIN_RATE_LIMIT;
    this.keepAliveTimeoutMs = socketTimeoutMs(env.KEEP_ALIVE_TIMEOUT);
    this.headersTimeoutMs = socketTimeoutMs(env.HEADERS_TIMEOUT);
    this.loginUsernameRateLimit = env.LOGIN_USERNAME_RATE_LIMIT;
    this.trustProxy = parseTrustProxy(env.TRUST_PROXY);
    this.behindHttps = env.BEHIND_HTTPS;
  }
}

/** Parsed TRUST_PROXY (see src/common/client-address.ts). */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] };

export function parseTrustProxy(text: string): TrustProxy {
  if (text === 'false') return { kind: 'none' };
  if (text === 'true') return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(text)) return { kind: 'hops', hops: Number(text) };
  return { kind: 'addresses', addresses: text.split(',').map((a) => a.trim()) };
}

export function databaseConfig(env: Environment): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA };
  return { kind: 'sqlite', path: resolve(env.SQLITE_PATH) };
}

/**
 * JWT_SECRET when set; otherwise the secret kept in JWT_SECRET_FILE, generated (48 random bytes)
 * and written with mode 0600 on the first start, so that a restart keeps everyone logged in.
 */
export function resolveJwtSecret(env: Environment): { secret: string; source: 'env' | 'file' | 'generated' } {
  if (env.JWT_SECRET) return { secret: env.JWT_SECRET, source: 'env' };
  const file = resolve(env.JWT_SECRET_FILE);
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 32) {
      throw new ConfigError([
        { variable: 'JWT_SECRET_FILE', message: `${file} holds fewer than 32 characters; delete it to generate a new secret` },
      ]);
    }
    return { secret, source: 'file' };
  }
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, source: 'generated' };
}
