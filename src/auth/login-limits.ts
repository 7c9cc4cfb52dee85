/**
 * Login limits, two separate counters (in memory, per instance):
 * - per client address (src/common/client-address.ts, TRUST_PROXY): every attempt counts,
 *   LOGIN_RATE_LIMIT per minute — high enough that forty judges behind one venue router all log
 *   in within a minute;
 * - per username: failed attempts count, LOGIN_USERNAME_RATE_LIMIT per 15 minutes, whatever the
 *   address — an account under attack from many addresses is slowed; a successful login clears it.
 * Over a limit: 429 LOGIN_RATE_LIMITED with Retry-After (seconds), before the password is checked.
 * Fixed windows on the injectable Clock; at most MAX_KEYS keys per counter (expired ones are
 * swept first, then the oldest dropped), so a flood of invented usernames cannot exhaust memory.
 */
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AppConfig } from '../config/app-config';

export const ADDRESS_WINDOW_MS = 60_000;
export const USERNAME_WINDOW_MS = 15 * 60_000;
const MAX_KEYS = 100_000;

export class WindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** Seconds until `key` may try again (0: it may now). */
  retryAfter(key: string, now: number): number {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  add(key: string, now: number): void {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.delete(key);
      this.makeRoom(now);
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

function limited(retryAfter: number, message: string): AppError {
  return new AppError('LOGIN_RATE_LIMITED', message, undefined, { 'Retry-After': String(retryAfter) });
}

@Injectable()
export class LoginLimits {
  readonly byAddress: WindowCounter;
  readonly byUsername: WindowCounter;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.byAddress = new WindowCounter(config.loginRateLimit, ADDRESS_WINDOW_MS);
    this.byUsername = new WindowCounter(config.loginUsernameRateLimit, USERNAME_WINDOW_MS);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private static userKey(username: string): string {
    return username.trim().toLowerCase();
  }

  /** Counts an attempt; throws 429 when the address or the username is over its limit. */
  attempt(address: string, username: string): void {
    const now = this.now();
    const byAddress = this.byAddress.retryAfter(address, now);
    if (byAddress) throw limited(byAddress, `Too many login attempts from this address; try again in ${byAddress} s`);
    this.byAddress.add(address, now);
    const byUser = this.byUsername.retryAfter(LoginLimits.userKey(username), now);
    if (byUser) throw limited(byUser, `Too many failed logins for this username; try again in ${byUser} s`);
  }

  failed(username: string): void {
    this.byUsername.add(LoginLimits.userKey(username), this.now());
  }

  succeeded(username: string): void {
    this.byUsername.clear(LoginLimits.userKey(username));
  }
}
