/**
 * Objections per client address: at most `limit` per rolling hour (OBJECTION_RATE_LIMIT), kept in
 * memory (one process; a shared deployment would put it in the database or a cache). Only
 * well-formed submissions that reach the service count.
 */
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AppConfig } from '../config/app-config';

const HOUR = 3_600_000;

@Injectable()
export class ObjectionRateLimit {
  private readonly seen = new Map<string, number[]>();
  readonly limit: number;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.limit = config.env.OBJECTION_RATE_LIMIT;
  }

  /** Counts one submission from `client`; refuses (429) past the limit. */
  take(client: string): void {
    const now = this.clock.now().getTime();
    const recent = (this.seen.get(client) ?? []).filter((t) => now - t < HOUR);
    if (recent.length >= this.limit) {
      this.seen.set(client, recent);
      throw new AppError('OBJECTION_RATE_LIMITED', `At most ${this.limit} objections per hour from one address; try again later`);
    }
    recent.push(now);
    this.seen.set(client, recent);
    if (this.seen.size > 10_000) {
      for (const [k, v] of this.seen) if (!v.some((t) => now - t < HOUR)) this.seen.delete(k);
    }
  }
}
