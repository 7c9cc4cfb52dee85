/**
 * Judges' private links: a long random token (32 bytes, base64url) shown once; only its SHA-256
 * is stored. A request with `X-Judge-Link: <token>` (and no bearer token) is let through by the
 * AuthGuard only to the actions the access policy opens to a link (`judgeLink` in
 * src/access/judging.access.ts), as the link's judge with `judgeLinkPanelId` set; the policy's
 * `linkedPanel` rule then keeps it to that one panel.
 */
import { createHash, randomBytes } from 'crypto';
import { DataSource } from 'typeorm';

export const JUDGE_LINK_HEADER = 'x-judge-link';

export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

export function linkTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The live (not revoked) link of a token: its judge's account id and its panel; null when none. */
export async function resolveJudgeLink(ds: DataSource, token: string): Promise<{ accountId: number; panelId: number } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await ds
    .createQueryBuilder()
    .select('pj.account_id', 'accountId')
    .addSelect('pj.panel_id', 'panelId')
    .from('judge_links', 'l')
    .innerJoin('panel_judges', 'pj', 'pj.id = l.panel_judge_id')
    .where('l.token_hash = :h', { h: linkTokenHash(token) })
    .andWhere('l.revoked_at IS NULL')
    .getRawOne<{ accountId: number | string; panelId: number | string }>();
  return row ? { accountId: Number(row.accountId), panelId: Number(row.panelId) } : null;
}
