/**
 * The names pages show for actors: an audit-style "by" field stores the login name (stable,
 * unique); a page shows the account's display name instead. System actors (the demo seed, the
 * command line) are named in Chinese; a login no longer present is shown as stored.
 */
import { EntityManager, In } from 'typeorm';
import { Account } from './account.entity';

export type ActorName = (username: string | null | undefined) => string | null;

/** Display names of system actors ('system:…'). */
export const SYSTEM_ACTOR_NAME = '系统';

/** One lookup for every login of a view: the function answering each one's display name. */
export async function actorNames(em: EntityManager, usernames: Iterable<string | null | undefined>): Promise<ActorName> {
  const wanted = [...new Set([...usernames].filter((u): u is string => !!u && !u.startsWith('system:')))];
  const rows = wanted.length ? await em.getRepository(Account).find({ where: { username: In(wanted) }, select: { username: true, displayName: true } }) : [];
  const names = new Map(rows.map((a) => [a.username, a.displayName]));
  return (u) => (u === null || u === undefined ? null : u.startsWith('system:') ? SYSTEM_ACTOR_NAME : (names.get(u) ?? u));
}
