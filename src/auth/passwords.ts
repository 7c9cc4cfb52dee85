import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from '../config/app-config';

/** argon2id password hashes; the memory cost comes from ARGON2_MEMORY_KIB (lowered in tests only). */
@Injectable()
export class Passwords {
  private dummy: Promise<string> | null = null;
  constructor(private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.config.argon2MemoryKib, timeCost: 3 });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of one verification, so an unknown username answers as slowly as a known one. */
  async waste(password: string): Promise<void> {
    this.dummy ??= this.hash('not a password of anyone');
    await this.verify(await this.dummy, password);
  }
}
