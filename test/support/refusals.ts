/** Shared by the feature test helpers: the tests' calendar and "refused, and nothing changed". */
import { TestApp } from './app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HttpAnswer = { status: number; body: any; text?: string };

/** Shanghai noon of a day (the tests' clock is read in Asia/Shanghai). */
export function setToday(t: TestApp, day: string): void {
  t.clock.set(`${day}T04:00:00.000Z`);
}

/** Expects the request to be refused with the status and code, and `state()` to read the same after it. */
export async function expectRefusedUnchanged(
  state: () => Promise<unknown>,
  req: () => PromiseLike<HttpAnswer>,
  status: number,
  code: string,
): Promise<HttpAnswer> {
  const before = await state();
  const res = await req();
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(await state()).toEqual(before);
  return res;
}
