/**
 * A PATCH whose JSON object names no field (`{}`, or only prototype keys) is refused with 400
 * NOTHING_TO_CHANGE before the handler runs: nothing is stored and no audit entry is written.
 * Checked by the RequestChecks guard (src/common/request-checks.ts), after the access checks
 * (401/403 first) and a bad path id (400 INVALID_ID), before the pipes. No JSON body at all, or a JSON value
 * that is not an object, is left to JsonBodyRequired (src/common/http-body.ts: 415 and 400).
 */

export function isEmptyChange(method: string, body: unknown): boolean {
  if (method.toUpperCase() !== 'PATCH') return false;
  return body !== null && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body) && Object.keys(body).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)).length === 0;
}
