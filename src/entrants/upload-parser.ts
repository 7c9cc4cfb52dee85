/**
 * Parses uploads off the event loop: the bytes are checked first (xlsx-guard.ts: what the file
 * is, the zip's declared sizes), then read in a worker thread (upload-worker.ts) with a time limit
 * and a memory limit (`resourceLimits`). A worker that breaks a limit is terminated and the file
 * refused; the service's other requests never wait for it.
 *
 * Workers are reused: one stays loaded between uploads (`unref`, so it never keeps the process
 * alive), at most MAX_PARALLEL read at the same time and further uploads wait their turn.
 *
 * The worker's entry is the compiled `upload-worker.js` beside this file (`npm start`, benchmarks)
 * or, when running from TypeScript sources (ts-jest, ts-node), `upload-worker.ts` loaded through
 * ts-node's transpile-only hook.
 */
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'fs';
import { join } from 'path';
import { Worker } from 'worker_threads';
import { AppError, ErrorDetail } from '../common/errors';
import type { SheetRead, SheetResult } from './upload-sheet';
import { checkUpload } from './xlsx-guard';

export interface ParserLimits {
  /** Time a worker may take to read one file, from the moment it gets it. */
  timeMs: number;
  /** The worker's V8 old-generation heap limit. */
  memoryMb: number;
  /** Workers reading at the same time. */
  maxParallel: number;
}

export const PARSER_LIMITS: ParserLimits = { timeMs: 3000, memoryMb: 160, maxParallel: 2 };

/** Extra heap for the TypeScript compiler when the worker runs from sources (tests). */
const TS_COMPILER_HEAP_MB = 160;

function workerEntry(): { file: string; execArgv: string[]; fromSource: boolean } {
  const js = join(__dirname, 'upload-worker.js');
  if (existsSync(js)) return { file: js, execArgv: [], fromSource: false };
  return { file: join(__dirname, 'upload-worker.ts'), execArgv: ['--require', 'ts-node/register/transpile-only'], fromSource: true };
}

function tooComplex(rule: 'time' | 'memory', message: string, messageZh: string): AppError {
  const detail: ErrorDetail & { messageZh: string } = { field: 'file', rule, message, messageZh };
  return new AppError('FILE_TOO_COMPLEX', message, [detail]);
}

function unreadable(): AppError {
  const message = 'The file cannot be read as an .xlsx workbook';
  const detail: ErrorDetail & { messageZh: string } = {
    field: 'file',
    rule: 'unreadable',
    message,
    messageZh: '文件无法作为Excel工作簿（.xlsx）读取，可能已损坏；请用Excel或WPS打开后另存为.xlsx再上传',
  };
  return new AppError('NOT_XLSX', message, [detail]);
}

type Answer = { ready: true } | { id: number; result: SheetResult } | { id: number; failed: string };

@Injectable()
export class UploadParser implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private nextId = 1;
  private closed = false;
  limits: ParserLimits = { ...PARSER_LIMITS };

  /** Checks and reads an upload; refusals are AppErrors with a Chinese message in `details[0].messageZh`. */
  async read(buffer: Buffer): Promise<SheetRead> {
    checkUpload(buffer);
    const result = await this.inWorker(buffer);
    if (!result.ok) {
      const detail: ErrorDetail & { messageZh: string } = { field: 'file', rule: result.rule, message: result.message, messageZh: result.messageZh };
      throw new AppError(result.code, result.message, [detail]);
    }
    return result;
  }

  /** The compiled service loads one worker at start, so that the first upload does not wait for it (tests load it on first use). */
  onApplicationBootstrap(): void {
    if (workerEntry().fromSource) return;
    this.spawn().then(
      (w) => {
        if (this.closed || this.idle.length) void w.terminate();
        else {
          w.unref();
          this.idle.push(w);
        }
      },
      () => undefined,
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private async inWorker(buffer: Buffer): Promise<SheetResult> {
    if (this.running >= this.limits.maxParallel) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      const worker = this.idle.pop() ?? (await this.spawn());
      return await this.job(worker, buffer);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private spawn(): Promise<Worker> {
    const entry = workerEntry();
    const worker = new Worker(entry.file, {
      execArgv: entry.execArgv,
      resourceLimits: {
        maxOldGenerationSizeMb: this.limits.memoryMb + (entry.fromSource ? TS_COMPILER_HEAP_MB : 0),
        maxYoungGenerationSizeMb: 16,
      },
      stdout: false,
      stderr: false,
    });
    this.all.add(worker);
    // An error the worker raises after its job has given up on it (its time ran out first, and it
    // then breaks its memory limit while being terminated) has no job's listener any more: without
    // this one it would be an unhandled 'error' event and end the whole service.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      this.all.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return new Promise((resolve, reject) => {
      const onMessage = (m: Answer) => {
        if ('ready' in m) {
          worker.off('error', onError);
          worker.off('message', onMessage);
          resolve(worker);
        }
      };
      const onError = (e: unknown) => {
        worker.off('message', onMessage);
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
    });
  }

  private job(worker: Worker, buffer: Buffer): Promise<SheetResult> {
    const id = this.nextId++;
    return new Promise<SheetResult>((resolve, reject) => {
      let settled = false;
      const finish = (keep: boolean, then: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (keep && !this.closed && this.idle.length === 0) {
          worker.unref();
          this.idle.push(worker);
        } else void worker.terminate();
        then();
      };
      const timer = setTimeout(
        () =>
          finish(false, () =>
            reject(
              tooComplex(
                'time',
                `Reading the file took longer than ${this.limits.timeMs / 1000} s`,
                `读取文件超过了${this.limits.timeMs / 1000}秒的时间限制，文件可能包含大量空行或多余内容；请只保留教师名单，另存为.xlsx后重新上传`,
              ),
            ),
          ),
        this.limits.timeMs,
      );
      const onMessage = (m: Answer) => {
        if (!('id' in m) || m.id !== id) return;
        if ('result' in m) finish(true, () => resolve(m.result));
        else finish(false, () => reject(unreadable()));
      };
      const onError = (e: unknown) => {
        const code = (e as { code?: string }).code;
        finish(false, () =>
          reject(
            code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? tooComplex('memory', 'Reading the file needs more memory than allowed', '读取文件所需的内存超过了限制，文件可能包含大量多余内容；请只保留教师名单，另存为.xlsx后重新上传')
              : unreadable(),
          ),
        );
      };
      const onExit = () => finish(false, () => reject(unreadable()));
      worker.ref();
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const copy = new Uint8Array(buffer.length);
      copy.set(buffer);
      worker.postMessage({ id, buffer: copy }, [copy.buffer]);
    });
  }
}
