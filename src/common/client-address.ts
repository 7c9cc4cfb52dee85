/**
 * The client's address, for the login limits and the request log: the peer of the TCP
 * connection, unless TRUST_PROXY says which peers are proxies whose X-Forwarded-For may be
 * believed. Framework-neutral (Express or Fastify hand in the socket address and the header).
 *
 * - `none` (TRUST_PROXY=false, the default): the socket's peer; X-Forwarded-For is ignored, so a
 *   client cannot choose its own address.
 * - `hops` n: the n nearest hops are proxies: of [X-Forwarded-For entries…, peer], the one n
 *   places left of the peer (the leftmost when the chain is shorter).
 * - `addresses`: the peer and every X-Forwarded-For entry, walked from the right, are skipped as
 *   long as they are listed proxies; the first one that is not is the client.
 * An entry that is not an IP address ends the walk at the hop that reported it.
 */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { isIP } from 'net';
import type { TrustProxy } from '../config/app-config';

/** '::ffff:10.0.0.1' → '10.0.0.1'; other text as it is (trimmed). */
export function normaliseAddress(address: string): string {
  const a = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  const remote = normaliseAddress(peer ?? '');
  if (trust.kind === 'none') return remote;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = header
    .split(',')
    .map(normaliseAddress)
    .filter((a) => a.length > 0);
  // Right to left: the peer first, then the hops as the proxies appended them.
  const hops = [remote, ...chain.reverse()];
  if (trust.kind === 'hops') {
    let i = 0;
    while (i < trust.hops && i + 1 < hops.length && isIP(hops[i + 1])) i++;
    return hops[i];
  }
  const trusted = new Set(trust.addresses.map(normaliseAddress));
  let i = 0;
  while (trusted.has(hops[i]) && i + 1 < hops.length && isIP(hops[i + 1])) i++;
  return hops[i];
}

/** What a request says about where it came from (Express or Fastify request). */
export interface RequestOriginInfo {
  peer: string | undefined;
  forwardedFor: string | string[] | undefined;
}

export function requestOrigin(req: { socket?: { remoteAddress?: string }; raw?: { socket?: { remoteAddress?: string } }; headers: Record<string, string | string[] | undefined> }): RequestOriginInfo {
  return { peer: req.socket?.remoteAddress ?? req.raw?.socket?.remoteAddress, forwardedFor: req.headers['x-forwarded-for'] };
}

/** `@RequestOrigin() origin: RequestOriginInfo` — the socket peer and X-Forwarded-For of the request. */
export const RequestOrigin = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestOriginInfo => requestOrigin(ctx.switchToHttp().getRequest()));
