/**
 * Input/output conventions of the auditor's command line (RULES §7):
 * JSON in, JSON on stdout, errors on stderr; exit 0 = success, 1 = a valid
 * input whose answer is "no", 2 = bad input.
 */
import { readFileSync } from 'fs';

export const EXIT_OK = 0;
export const EXIT_NO = 1;
export const EXIT_BAD_INPUT = 2;

/** Bad input: names the field (a JSON path such as `units[2].entrants`) and the rule it broke. */
export class BadInput extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** Reads and parses a JSON file named on the command line; `-` reads standard input. */
export function readJsonFile(path: string | undefined): unknown {
  if (!path) throw new BadInput('file', 'a JSON file argument is required');
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new BadInput('file', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BadInput('file', `${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Converts a domain validator's `{ ok: false, field, message }` into a BadInput. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; field: string; message: string }): T {
  if (!result.ok) throw new BadInput(result.field, result.message);
  return result.value;
}
