/**
 * The notices core (RULES §6): publishing a list as an immutable notice with its working-day
 * window and the audit chain head, the notice's state (published → closed → final), finality
 * queries for the steps that wait for a list, objections from the public and their resolution,
 * and the hooks through which the feature owning a row reacts to an upheld objection.
 *
 * Other features call `publish(em, actor, input)` inside their own transaction, ask
 * `assertListsFinal` / `listFinality` / `openLists` before a step that waits for a list, and
 * register `registerUpheldHandler(kind, handler)` to remove an award or disqualify an entrant.
 */
import { actorNames } from '../auth/actor-names';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomInt } from 'crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock, dateInZone } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { findContest } from '../contests/find-contest';
import { Transactions } from '../database/transactions';
import { marks, sql } from '../database/sql';
import { canonicalJson } from '../domain/audit-chain';
import { CALENDAR_NOT_COVERED_NOTE, contestCalendar, DEFAULT_WINDOW_DAYS, endOfDayInstant, noticeWindow, workingDaysLeft } from '../domain/working-days';
import { findDistrict } from '../registry/find-registry';
import { assertMayIssue, assertMayResolve, KIND_RULES, mayResolve, worksWith } from './notice-kinds';
import { BodyLevel, Decision, FinalExclusion, IntegrityCase, Notice, NoticeKind, NoticeRow, NoticeState, Objection, Resolution } from './notice.entity';

/** One row of a list to announce. */
export interface NoticeRowInput {
  teacherName: string;
  schoolName: string;
  /** The responsible school (an upheld falsification is recorded against it). */
  schoolId?: number | null;
  subject: string;
  group: string;
  /** The ID number as shown to the public (masked: first 6 and last 4). */
  maskedId: string;
  /** 推荐/抽取/递补 for advanced lists, the award for award lists, '' otherwise. */
  note: string;
  /** The owning feature's opaque key of the row: an award id, a round entrant id … */
  ref: string;
}

export interface IssuerInput {
  level: BodyLevel;
  /** The school's or district's id; null for the city. */
  id: number | null;
  name: string;
  /** For a school: its district (the resolver of its preliminary list). */
  districtId?: number | null;
}

export interface PublishNoticeInput {
  contestId: number;
  kind: NoticeKind;
  /** Defaults to the kind's round (KIND_RULES). */
  roundCode?: string;
  /** Which list of its kind: 'school:<id>', 'district:<id>' or 'city'. */
  scopeKey: string;
  issuer: IssuerInput;
  title: string;
  rows: NoticeRowInput[];
  /** How to reach the resolving body besides the public page (phone, address); a default names it. */
  objectionContact?: string;
  /** A supplementary notice (补充公示) names the notice it supplements (the list's first notice). */
  supplementsNoticeId?: number | null;
  /** The publication instant, for a system actor only (the demo's past notice); accounts publish now. */
  publishedAt?: Date;
}

/** What the owning feature did about an upheld objection on one of its rows. */
export interface UpheldOutcome {
  /** One line for the decision's record, e.g. 'T000123 disqualified; reserve T000456 takes the place'. */
  summary: string;
  /** Replacement rows to announce in a supplementary notice (its own window). */
  supplementRows?: NoticeRowInput[];
  /** A supplementary notice the feature already published itself. */
  supplementaryNoticeId?: number | null;
}

export interface UpheldContext {
  em: EntityManager;
  actor: AuthUser;
  notice: Notice;
  row: NoticeRow;
  objection: Objection;
  falsified: boolean;
  reason: string;
  /** For a recommended place: the last day for the unit to recommend again. */
  replacementDeadline?: string;
}

export type UpheldHandler = (ctx: UpheldContext) => Promise<UpheldOutcome>;

/** A list still open (or not yet announced) for a step that waits for it. */
export interface OpenList {
  kind: NoticeKind;
  scopeKey: string;
  label: string;
  /** null: not announced yet. */
  noticeId: number | null;
  title: string | null;
  state: NoticeState | 'not-published';
  closesOn: string | null;
  closesAt: string | null;
  pendingObjections: number;
}

export interface Finality {
  published: boolean;
  final: boolean;
  /** The notices of the list that are not final (the first notice and any supplement). */
  open: OpenList[];
}

export interface ResolveInput {
  decision: Decision;
  reason: string;
  falsified?: boolean;
  replacementDeadline?: string;
}

export interface LodgeInput {
  name: string;
  contact: string;
  rowId?: number | null;
  grounds: string;
}

const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A receipt code: 12 characters of an unambiguous alphabet (≈59 bits), shown as XXXX-XXXX-XXXX. */
export function newReceiptCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The receipt code as typed (any case, spaces or hyphens) in its stored form, or null when it cannot be one. */
export function normaliseReceipt(text: string): string | null {
  const s = text.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== 12 || [...s].some((c) => !RECEIPT_ALPHABET.includes(c))) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

@Injectable()
export class NoticesService {
  private readonly upheldHandlers = new Map<NoticeKind, UpheldHandler>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------ hooks

  /** The feature owning the rows of `kind` reacts here to an objection upheld on one of them. */
  registerUpheldHandler(kind: NoticeKind, handler: UpheldHandler): void {
    this.upheldHandlers.set(kind, handler);
  }

  // ------------------------------------------------------------------ state

  /** The notice's state now: published while the window is open; then closed while objections are pending; then final. */
  stateOf(n: Pick<Notice, 'state' | 'closesAt'>, pending: number, now: Date = this.clock.now()): NoticeState {
    if (n.state === 'draft' || !n.closesAt) return 'draft';
    if (now.getTime() < new Date(n.closesAt).getTime()) return 'published';
    return pending > 0 ? 'closed' : 'final';
  }

  windowOpen(n: Pick<Notice, 'state' | 'closesAt' | 'publishedAt'>, now: Date = this.clock.now()): boolean {
    return n.state === 'published' && !!n.closesAt && now.getTime() < new Date(n.closesAt).getTime();
  }

  /** Pending objections per notice. */
  async pendingCounts(em: EntityManager, noticeIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (let i = 0; i < noticeIds.length; i += 500) {
      const chunk = noticeIds.slice(i, i + 500);
      if (!chunk.length) continue;
      const rows = await sql(em, `SELECT notice_id AS id, COUNT(*) AS n FROM ann_objections WHERE state = 'pending' AND notice_id IN (${marks(chunk)}) GROUP BY notice_id`, chunk);
      for (const r of rows) out.set(Number(r.id), Number(r.n));
    }
    return out;
  }

  // ------------------------------------------------------------------ publishing

  /**
   * Publishes a list as a notice inside the caller's transaction: the window from the contest's
   * calendar, the rows copied, one audit entry (notice.publish, carrying the content hash) whose
   * sequence number and hash are the head printed on the notice. `actor` as an account is checked
   * against RULES §6's table; a system actor (string) is trusted (the demo, a supplementary
   * notice the service itself derives).
   */
  async publish(em: EntityManager, actor: AuthUser | string, input: PublishNoticeInput): Promise<Notice> {
    const rule = KIND_RULES[input.kind];
    if (!rule) throw AppError.field('VALIDATION_FAILED', 'kind', 'isIn', `Unknown list kind ${input.kind}`);
    if (typeof actor !== 'string') assertMayIssue(actor, input.kind, input.issuer);
    const contest = await findContest(em, input.contestId);
    const repo = em.getRepository(Notice);
    if (input.supplementsNoticeId) {
      const base = await repo.findOne({ where: { id: input.supplementsNoticeId } });
      if (!base || base.contestId !== input.contestId || base.kind !== input.kind || base.scopeKey !== input.scopeKey) {
        throw AppError.field('VALIDATION_FAILED', 'supplementsNoticeId', 'same-list', `Notice ${input.supplementsNoticeId} is not a notice of this list`);
      }
    } else if (await repo.exists({ where: { contestId: input.contestId, kind: input.kind, scopeKey: input.scopeKey } })) {
      throw new AppError('NOTICE_EXISTS', `The ${rule.name} of ${input.scopeKey} is already announced; a correction is a supplementary notice`);
    }
    if (!input.rows.length) throw AppError.field('LIST_NOT_READY', 'rows', 'not-empty', 'A notice needs at least one row');
    const resolver = await this.resolverOf(em, rule.resolver, input.issuer);
    if (input.publishedAt && typeof actor !== 'string') throw new Error('only a system actor publishes with a given date');
    const now = input.publishedAt ?? this.clock.now();
    const today = dateInZone(now, this.clock.timeZone);
    const days = contest.settings?.announcement?.workingDays ?? DEFAULT_WINDOW_DAYS;
    const w = noticeWindow(today, days, contestCalendar(contest.holidays ?? []));
    const closesAt = endOfDayInstant(w.closes, this.clock.timeZone).toISOString();
    const nowIso = now.toISOString();
    const objectionContact = input.objectionContact?.trim() || `${resolver.name}（异议受理单位）；可在本公示页面在线提出异议`;
    const n = repo.create({
      contestId: input.contestId,
      kind: input.kind,
      roundCode: input.roundCode ?? rule.round,
      scopeKey: input.scopeKey,
      issuerLevel: input.issuer.level,
      issuerId: input.issuer.id,
      issuerName: input.issuer.name,
      resolverLevel: resolver.level,
      resolverId: resolver.id,
      resolverName: resolver.name,
      title: input.title,
      objectionContact,
      rowCount: input.rows.length,
      state: 'published',
      windowDays: days,
      opensOn: w.opens,
      closesOn: w.closes,
      closesAt,
      workingDays: w.workingDays,
      calendarCovers: w.calendarCovers,
      auditSeq: null,
      auditHash: null,
      contentHash: null,
      supplementsNoticeId: input.supplementsNoticeId ?? null,
      publishedAt: nowIso,
      publishedBy: typeof actor === 'string' ? actor : actor.username,
      createdAt: nowIso,
      updatedAt: nowIso,
    });
    n.id = (await repo.insert(n)).identifiers[0].id as number;
    const rows = input.rows.map((r, i) => ({
      noticeId: n.id,
      position: i + 1,
      teacherName: r.teacherName,
      schoolName: r.schoolName,
      schoolId: r.schoolId ?? null,
      subject: r.subject,
      group: r.group,
      maskedId: r.maskedId,
      note: r.note,
      ref: r.ref,
    }));
    for (let i = 0; i < rows.length; i += 100) await em.getRepository(NoticeRow).insert(rows.slice(i, i + 100));
    n.contentHash = sha256(canonicalJson(this.content(n, rows)));
    const entry = await this.audit.append(em, {
      actor,
      action: 'notice.publish',
      entityType: 'notice',
      entityId: n.id,
      after: {
        kind: n.kind,
        scopeKey: n.scopeKey,
        title: n.title,
        rows: n.rowCount,
        opensOn: n.opensOn,
        closesOn: n.closesOn,
        closesAt: n.closesAt,
        calendarCovers: n.calendarCovers,
        supplementsNoticeId: n.supplementsNoticeId,
        contentHash: n.contentHash,
      },
    });
    await repo.update(n.id, { contentHash: n.contentHash });
    // The chain head at publication is the notice.publish entry itself: known once it is chained
    // (SQLite: now; PostgreSQL: right after the COMMIT, before the publisher gets the answer).
    await this.audit.whenChained(em, entry, async (head, m) => {
      n.auditSeq = head.seq;
      n.auditHash = head.hash;
      await m.getRepository(Notice).update(n.id, { auditSeq: head.seq, auditHash: head.hash });
    });
    return n;
  }

  /** The published content the content hash covers (no ids of other features, no state). */
  private content(n: Notice, rows: Omit<NoticeRow, 'id'>[]): unknown {
    return {
      contestId: n.contestId,
      kind: n.kind,
      scopeKey: n.scopeKey,
      issuer: n.issuerName,
      resolver: n.resolverName,
      title: n.title,
      objectionContact: n.objectionContact,
      publishedAt: n.publishedAt,
      window: { opens: n.opensOn, closes: n.closesOn, closesAt: n.closesAt, workingDays: n.workingDays, calendarCovers: n.calendarCovers },
      supplementsNoticeId: n.supplementsNoticeId,
      rows: rows.map((r) => [r.position, r.teacherName, r.schoolName, r.subject, r.group, r.maskedId, r.note]),
    };
  }

  private async resolverOf(em: EntityManager, level: 'district' | 'city', issuer: IssuerInput): Promise<{ level: BodyLevel; id: number | null; name: string }> {
    if (level === 'city') return { level: 'city', id: null, name: '市教育局' };
    const districtId = issuer.level === 'district' ? issuer.id : (issuer.districtId ?? null);
    if (districtId === null) throw new Error('a district-resolved list needs the district of its issuer');
    if (issuer.level === 'district') return { level: 'district', id: districtId, name: issuer.name };
    const d = await findDistrict(em, districtId);
    return { level: 'district', id: districtId, name: `${d.name}教育局` };
  }

  // ------------------------------------------------------------------ finality

  /** Every notice (first and supplements) of the lists of `kind` with these scope keys. */
  async listFinality(em: EntityManager, contestId: number, kind: NoticeKind, scopes: { scopeKey: string; label: string }[]): Promise<Map<string, Finality>> {
    const out = new Map<string, Finality>();
    if (!scopes.length) return out;
    const notices = await em.getRepository(Notice).find({
      where: { contestId, kind, scopeKey: In(scopes.map((s) => s.scopeKey)) },
      select: { id: true, scopeKey: true, title: true, state: true, closesOn: true, closesAt: true, publishedAt: true },
      order: { id: 'ASC' },
    });
    const pending = await this.pendingCounts(em, notices.map((n) => n.id));
    const now = this.clock.now();
    for (const s of scopes) {
      const mine = notices.filter((n) => n.scopeKey === s.scopeKey);
      const open: OpenList[] = [];
      if (!mine.length) {
        open.push({ kind, scopeKey: s.scopeKey, label: s.label, noticeId: null, title: null, state: 'not-published', closesOn: null, closesAt: null, pendingObjections: 0 });
      }
      for (const n of mine) {
        const p = pending.get(n.id) ?? 0;
        const state = this.stateOf(n, p, now);
        if (state !== 'final') open.push({ kind, scopeKey: s.scopeKey, label: s.label, noticeId: n.id, title: n.title, state, closesOn: n.closesOn, closesAt: n.closesAt, pendingObjections: p });
      }
      out.set(s.scopeKey, { published: mine.length > 0, final: mine.length > 0 && open.length === 0, open });
    }
    return out;
  }

  /** Which of these notices are final now (window closed, no objection pending); unknown ids are not. */
  async finalNotices(em: EntityManager, ids: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    const unique = [...new Set(ids)];
    if (!unique.length) return out;
    const notices = await em.getRepository(Notice).find({ where: { id: In(unique) }, select: { id: true, state: true, closesAt: true } });
    const pending = await this.pendingCounts(em, notices.map((n) => n.id));
    const now = this.clock.now();
    for (const n of notices) if (this.stateOf(n, pending.get(n.id) ?? 0, now) === 'final') out.add(n.id);
    return out;
  }

  /** Is the list (kind + scope) final: announced, every window closed, every objection resolved? */
  async isFinal(contestId: number, kind: NoticeKind, scopeKey: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await this.listFinality(em, contestId, kind, [{ scopeKey, label: scopeKey }])).get(scopeKey)!.final;
  }

  /**
   * Refuses (LISTS_NOT_FINAL) while any of the lists is not final; the error names each list
   * still open or not announced, with its closing date.
   */
  async assertListsFinal(em: EntityManager, contestId: number, kind: NoticeKind, scopes: { scopeKey: string; label: string }[], step: string): Promise<void> {
    const fin = await this.listFinality(em, contestId, kind, scopes);
    const open = [...fin.values()].flatMap((f) => f.open);
    if (!open.length) return;
    const describe = (o: OpenList): string =>
      o.state === 'not-published'
        ? `${o.label}: ${KIND_RULES[kind].name} not announced yet`
        : o.state === 'published'
          ? `${o.label}: notice ${o.noticeId} open until ${o.closesOn} 24:00`
          : `${o.label}: notice ${o.noticeId} closed ${o.closesOn} 24:00 with ${o.pendingObjections} objection(s) pending`;
    const details: ErrorDetail[] = open.map((o) => ({ field: `lists.${o.scopeKey}`, rule: o.state === 'not-published' ? 'announced' : 'final', message: describe(o) }));
    throw new AppError('LISTS_NOT_FINAL', `${step} waits for ${open.length} list(s) to be final: ${open.map(describe).join('; ')}`, details);
  }

  /** The lists of a contest still open (published or closed with objections pending), with their closing dates. */
  /** The contest's open lists, as its page asks for them: CONTEST_NOT_FOUND for an unknown contest. */
  async openListsOf(contestId: number): Promise<OpenList[]> {
    await findContest(this.dataSource.manager, contestId);
    return this.openLists(contestId);
  }

  async openLists(contestId: number, kind?: NoticeKind): Promise<OpenList[]> {
    const em = this.dataSource.manager;
    const notices = await em.getRepository(Notice).find({ where: { contestId, ...(kind && { kind }), state: 'published' }, order: { id: 'ASC' } });
    const pending = await this.pendingCounts(em, notices.map((n) => n.id));
    const now = this.clock.now();
    return notices
      .map((n) => ({ n, p: pending.get(n.id) ?? 0 }))
      .filter(({ n, p }) => this.stateOf(n, p, now) !== 'final')
      .map(({ n, p }) => ({ kind: n.kind, scopeKey: n.scopeKey, label: n.issuerName, noticeId: n.id, title: n.title, state: this.stateOf(n, p, now), closesOn: n.closesOn, closesAt: n.closesAt, pendingObjections: p }));
  }

  /** The notices of one list (first and supplements), oldest first. */
  noticesOf(em: EntityManager, contestId: number, kind: NoticeKind, scopeKey: string): Promise<Notice[]> {
    return em.getRepository(Notice).find({ where: { contestId, kind, scopeKey }, order: { id: 'ASC' } });
  }

  async rowsOf(em: EntityManager, noticeId: number): Promise<NoticeRow[]> {
    return em.getRepository(NoticeRow).find({ where: { noticeId }, order: { position: 'ASC' } });
  }

  /** Schools with an upheld falsification case in the contest (RULES §5 team award). */
  async schoolsWithCases(contestId: number, em: EntityManager = this.dataSource.manager): Promise<Set<number>> {
    return new Set((await sql(em, 'SELECT DISTINCT school_id AS id FROM ann_integrity_cases WHERE contest_id = ?', [contestId])).map((r) => Number(r.id)));
  }

  /** Schools with an upheld objection against any of their rows (RULES §5 organisation award). */
  async schoolsWithUpheldObjections(contestId: number, em: EntityManager = this.dataSource.manager): Promise<Set<number>> {
    const rows = await sql(
      em,
      `SELECT DISTINCT r.school_id AS id FROM ann_objections o JOIN ann_notice_rows r ON r.id = o.row_id JOIN ann_notices n ON n.id = o.notice_id
        WHERE n.contest_id = ? AND o.state = 'upheld' AND r.school_id IS NOT NULL`,
      [contestId],
    );
    const out = new Set(rows.map((r) => Number(r.id)));
    // An objection upheld against a school's whole preliminary list counts against the school.
    for (const r of await sql(em, `SELECT DISTINCT n.issuer_id AS id FROM ann_objections o JOIN ann_notices n ON n.id = o.notice_id WHERE n.contest_id = ? AND o.state = 'upheld' AND o.row_id IS NULL AND n.issuer_level = 'school'`, [contestId])) {
      out.add(Number(r.id));
    }
    return out;
  }

  // ------------------------------------------------------------------ the final's exclusions

  async excludedDistricts(em: EntityManager, contestId: number): Promise<Set<number>> {
    return new Set((await em.getRepository(FinalExclusion).find({ where: { contestId } })).map((x) => x.districtId));
  }

  /** The city leaves a district with no semi-final out of the final's allocation (audited). */
  async excludeFromFinal(em: EntityManager, user: AuthUser, contestId: number, districtId: number, reason: string): Promise<FinalExclusion> {
    await findContest(em, contestId);
    await findDistrict(em, districtId);
    const repo = em.getRepository(FinalExclusion);
    const x = repo.create({ contestId, districtId, reason, createdBy: user.username, createdAt: this.clock.nowIso() });
    x.id = (await repo.insert(x)).identifiers[0].id as number;
    await this.audit.append(em, { actor: user, action: 'final.exclude-district', entityType: 'final-exclusion', entityId: x.id, after: x });
    return x;
  }

  // ------------------------------------------------------------------ objections

  async notice(em: EntityManager, id: number): Promise<Notice> {
    const n = await em.getRepository(Notice).findOne({ where: { id } });
    if (!n || n.state !== 'published') throw AppError.notFound('NOTICE_NOT_FOUND', 'Notice', id);
    return n;
  }

  /** An objection from the public, only while the window is open; returns the receipt code. */
  async lodge(noticeId: number, input: LodgeInput): Promise<{ receiptCode: string; noticeId: number; lodgedAt: string }> {
    return this.tx.run(async (em) => {
      const n = await this.notice(em, noticeId);
      if (!this.windowOpen(n)) {
        const message = `异议受理期为 ${n.opensOn} 至 ${n.closesOn} 24:00，现已截止`;
        throw new AppError('NOTICE_WINDOW_CLOSED', `Objections to notice ${n.id} were accepted from ${n.opensOn} until ${n.closesOn} 24:00 (contest time zone)`, [
          { field: 'window', rule: 'open', message: `opens ${n.opensOn}, closes ${n.closesOn} 24:00` },
          { field: 'window.message', rule: 'open', message },
        ]);
      }
      if (input.rowId !== undefined && input.rowId !== null) {
        const row = await em.getRepository(NoticeRow).findOne({ where: { id: input.rowId, noticeId: n.id }, select: { id: true } });
        if (!row) throw AppError.field('VALIDATION_FAILED', 'rowId', 'in-notice', `Row ${input.rowId} is not a row of notice ${n.id}`);
      }
      const repo = em.getRepository(Objection);
      let receiptCode = newReceiptCode();
      while (await repo.exists({ where: { receiptCode } })) receiptCode = newReceiptCode();
      const lodgedAt = this.clock.nowIso();
      const o = repo.create({ noticeId: n.id, rowId: input.rowId ?? null, receiptCode, objectorName: input.name, objectorContact: input.contact, grounds: input.grounds, state: 'pending', lodgedAt });
      o.id = (await repo.insert(o)).identifiers[0].id as number;
      // The objector's identity and the grounds' text stay out of the audit log (it is exported);
      // the grounds are bound by their hash.
      await this.audit.append(em, {
        actor: 'public',
        action: 'objection.lodge',
        entityType: 'objection',
        entityId: o.id,
        after: { noticeId: n.id, rowId: o.rowId, state: 'pending', lodgedAt, groundsSha256: sha256(input.grounds) },
      });
      return { receiptCode, noticeId: n.id, lodgedAt };
    });
  }

  /** What the objector sees with the receipt code: status and decision, nothing else. */
  async receipt(code: string): Promise<ReceiptView> {
    const normal = normaliseReceipt(code);
    if (!normal) throw AppError.field('VALIDATION_FAILED', 'receiptCode', 'format', 'A receipt code is 12 letters and digits, e.g. ABCD-EFGH-JKMN');
    const em = this.dataSource.manager;
    const o = await em.getRepository(Objection).findOne({ where: { receiptCode: normal } });
    if (!o) throw new AppError('OBJECTION_NOT_FOUND', 'No objection has this receipt code');
    const n = await em.getRepository(Notice).findOneOrFail({ where: { id: o.noticeId }, select: { id: true, title: true, resolverName: true } });
    const r = await em.getRepository(Resolution).findOne({ where: { objectionId: o.id } });
    const row = o.rowId ? await em.getRepository(NoticeRow).findOne({ where: { id: o.rowId }, select: { teacherName: true, schoolName: true } }) : null;
    return {
      receiptCode: o.receiptCode,
      noticeId: n.id,
      noticeTitle: n.title,
      resolverName: n.resolverName,
      concerns: row ? `${row.teacherName}（${row.schoolName}）` : '整份名单',
      state: o.state,
      lodgedAt: o.lodgedAt,
      decision: r ? { decision: r.decision, reason: r.reason, resolvedAt: r.resolvedAt, supplementaryNoticeId: r.supplementaryNoticeId } : null,
    };
  }

  /** Objections the resolving body sees (with the objector's identity), newest first. */
  async objectionsFor(user: AuthUser, contestId: number, state?: 'pending' | 'resolved'): Promise<ObjectionView[]> {
    const em = this.dataSource.manager;
    await findContest(em, contestId);
    const notices = (await em.getRepository(Notice).find({ where: { contestId, state: 'published' } })).filter((n) => mayResolve(user, n));
    if (!notices.length) return [];
    const byId = new Map(notices.map((n) => [n.id, n]));
    const all = await em.getRepository(Objection).find({ where: { noticeId: In([...byId.keys()]) }, order: { id: 'DESC' } });
    const list = all.filter((o) => (state === 'pending' ? o.state === 'pending' : state === 'resolved' ? o.state !== 'pending' : true));
    const rowIds = list.map((o) => o.rowId).filter((x): x is number => x !== null);
    const rows = rowIds.length ? await em.getRepository(NoticeRow).find({ where: { id: In(rowIds) } }) : [];
    const rowById = new Map(rows.map((r) => [r.id, r]));
    const res = list.length ? await em.getRepository(Resolution).find({ where: { objectionId: In(list.map((o) => o.id)) } }) : [];
    const resBy = new Map(res.map((r) => [r.objectionId, r]));
    const names = await actorNames(em, res.map((r) => r.resolvedBy));
    return list.map((o) => {
      const n = byId.get(o.noticeId)!;
      const row = o.rowId ? rowById.get(o.rowId) : undefined;
      const r = resBy.get(o.id);
      return {
        id: o.id,
        noticeId: n.id,
        noticeTitle: n.title,
        kind: n.kind,
        receiptCode: o.receiptCode,
        objectorName: o.objectorName,
        objectorContact: o.objectorContact,
        grounds: o.grounds,
        row: row ? { id: row.id, teacherName: row.teacherName, schoolName: row.schoolName, subject: row.subject, group: row.group, maskedId: row.maskedId, note: row.note } : null,
        state: o.state,
        lodgedAt: o.lodgedAt,
        resolution: r ? { decision: r.decision, falsified: r.falsified, reason: r.reason, outcome: r.outcome, supplementaryNoticeId: r.supplementaryNoticeId, resolvedBy: r.resolvedBy, resolvedByName: names(r.resolvedBy) ?? r.resolvedBy, resolvedAt: r.resolvedAt } : null,
      };
    });
  }

  async pendingCount(user: AuthUser, contestId: number): Promise<number> {
    return (await this.objectionsFor(user, contestId, 'pending')).length;
  }

  /**
   * The resolving body decides: upheld or rejected, with a reason, audited. Upheld on a row: the
   * owning feature's handler reacts (e.g. disqualifies the entrant; the place passes by its rule);
   * upheld with falsified information: the case is recorded against the row's school. Replacement
   * rows the handler returns are announced in a supplementary notice with its own window.
   */
  async resolve(user: AuthUser, objectionId: number, input: ResolveInput): Promise<ObjectionView> {
    const contestId = await this.tx.run(async (em) => {
      const o = await em.getRepository(Objection).findOne({ where: { id: objectionId } });
      if (!o) throw AppError.notFound('OBJECTION_NOT_FOUND', 'Objection', objectionId);
      const n = await this.notice(em, o.noticeId);
      assertMayResolve(user, n);
      if (o.state !== 'pending') throw new AppError('OBJECTION_RESOLVED', `Objection ${o.id} is already ${o.state}`);
      const falsified = input.decision === 'upheld' && input.falsified === true;
      if (input.decision === 'rejected' && input.falsified) {
        throw AppError.field('VALIDATION_FAILED', 'falsified', 'upheld-only', 'Only an upheld objection can find the information falsified');
      }
      let outcome: UpheldOutcome = { summary: input.decision === 'upheld' ? 'upheld' : 'rejected' };
      let supplementaryNoticeId: number | null = null;
      const row = o.rowId ? await em.getRepository(NoticeRow).findOne({ where: { id: o.rowId } }) : null;
      if (input.decision === 'upheld' && row) {
        const handler = this.upheldHandlers.get(n.kind);
        if (handler) {
          outcome = await handler({ em, actor: user, notice: n, row, objection: o, falsified, reason: input.reason, replacementDeadline: input.replacementDeadline });
          supplementaryNoticeId = outcome.supplementaryNoticeId ?? null;
          if (outcome.supplementRows?.length) {
            const s = await this.publishSupplement(em, user, n, outcome.supplementRows);
            supplementaryNoticeId = s.id;
          }
        }
      }
      const before = { state: o.state };
      o.state = input.decision;
      await em.getRepository(Objection).update(o.id, { state: o.state });
      const resolvedAt = this.clock.nowIso();
      const r = em.getRepository(Resolution).create({
        objectionId: o.id,
        decision: input.decision,
        falsified,
        reason: input.reason,
        outcome: outcome.summary.slice(0, 1000),
        supplementaryNoticeId,
        resolvedBy: user.username,
        resolvedAt,
      });
      r.id = (await em.getRepository(Resolution).insert(r)).identifiers[0].id as number;
      if (falsified && row) {
        const schoolId = row.schoolId ?? (n.issuerLevel === 'school' ? n.issuerId : null);
        if (schoolId !== null) {
          const c = em.getRepository(IntegrityCase).create({ contestId: n.contestId, schoolId, noticeId: n.id, objectionId: o.id, reason: input.reason, createdBy: user.username, createdAt: resolvedAt });
          c.id = (await em.getRepository(IntegrityCase).insert(c)).identifiers[0].id as number;
          await this.audit.append(em, { actor: user, action: 'integrity-case.create', entityType: 'integrity-case', entityId: c.id, after: c });
        }
      }
      await this.audit.append(em, {
        actor: user,
        action: 'objection.resolve',
        entityType: 'objection',
        entityId: o.id,
        before,
        after: { state: o.state, noticeId: n.id, rowId: o.rowId, falsified, reason: input.reason, outcome: r.outcome, supplementaryNoticeId },
      });
      return n.contestId;
    });
    return (await this.objectionsFor(user, contestId)).find((x) => x.id === objectionId)!;
  }

  /** A supplementary notice (补充公示) of the list of `base` with the given rows, issued by the list's issuer. */
  async publishSupplement(em: EntityManager, actor: AuthUser | string, base: Notice, rows: NoticeRowInput[]): Promise<Notice> {
    const first = base.supplementsNoticeId ? await this.notice(em, base.supplementsNoticeId) : base;
    return this.publish(em, typeof actor === 'string' ? actor : actor.username, {
      contestId: base.contestId,
      kind: base.kind,
      roundCode: base.roundCode,
      scopeKey: base.scopeKey,
      issuer: { level: base.issuerLevel, id: base.issuerId, name: base.issuerName, districtId: base.resolverLevel === 'district' ? base.resolverId : null },
      title: `${first.title.replace(/公示$/, '')}补充公示`,
      rows,
      objectionContact: base.objectionContact,
      supplementsNoticeId: first.id,
    });
  }

  // ------------------------------------------------------------------ views

  /** The published, immutable content of a notice (what the public page prints). */
  async publicNotice(id: number): Promise<PublicNoticeView> {
    const em = this.dataSource.manager;
    const n = await this.notice(em, id);
    const rows = await sql<{ id: unknown; position: unknown; teacher_name: string; school_name: string; subject: string; group_name: string; masked_id: string; note: string }>(
      em,
      'SELECT id, position, teacher_name, school_name, subject, group_name, masked_id, note FROM ann_notice_rows WHERE notice_id = ? ORDER BY position',
      [n.id],
    );
    const contest = await findContest(em, n.contestId);
    const base = n.supplementsNoticeId ? await em.getRepository(Notice).findOne({ where: { id: n.supplementsNoticeId }, select: { id: true, title: true } }) : null;
    return {
      id: n.id,
      contestId: n.contestId,
      contestName: contest.name,
      kind: n.kind,
      kindName: KIND_RULES[n.kind].name,
      roundCode: n.roundCode,
      title: n.title,
      issuerName: n.issuerName,
      resolverName: n.resolverName,
      objectionContact: n.objectionContact,
      publishedAt: n.publishedAt!,
      window: {
        days: n.windowDays,
        opens: n.opensOn!,
        closes: n.closesOn!,
        closesAt: n.closesAt!,
        workingDays: n.workingDays ?? [],
        calendarCovers: n.calendarCovers,
        note: n.calendarCovers ? null : CALENDAR_NOT_COVERED_NOTE,
      },
      auditHead: { seq: n.auditSeq!, hash: n.auditHash! },
      contentHash: n.contentHash!,
      supplements: base ? { id: base.id, title: base.title } : null,
      rows: rows.map((r) => ({
        id: Number(r.id),
        position: Number(r.position),
        teacherName: r.teacher_name,
        schoolName: r.school_name,
        subject: r.subject,
        group: r.group_name,
        maskedId: r.masked_id,
        note: r.note,
      })),
    };
  }

  /** The state of notices now (public: no identities). */
  async summaries(filter: { contestId?: number; ids?: number[] } = {}): Promise<NoticeSummary[]> {
    const em = this.dataSource.manager;
    const notices = await em.getRepository(Notice).find({
      where: { state: 'published', ...(filter.contestId && { contestId: filter.contestId }), ...(filter.ids && { id: In(filter.ids) }) },
      order: { id: 'DESC' },
    });
    return this.summarise(em, notices);
  }

  async summarise(em: EntityManager, notices: Notice[]): Promise<NoticeSummary[]> {
    const pending = await this.pendingCounts(em, notices.map((n) => n.id));
    const now = this.clock.now();
    const today = this.clock.today();
    const supplementedBy = new Map<number, number[]>();
    for (const n of notices) if (n.supplementsNoticeId) supplementedBy.set(n.supplementsNoticeId, [...(supplementedBy.get(n.supplementsNoticeId) ?? []), n.id]);
    return notices.map((n) => {
      const p = pending.get(n.id) ?? 0;
      const state = this.stateOf(n, p, now);
      return {
        id: n.id,
        contestId: n.contestId,
        kind: n.kind,
        kindName: KIND_RULES[n.kind].name,
        scopeKey: n.scopeKey,
        title: n.title,
        issuerName: n.issuerName,
        resolverName: n.resolverName,
        rowCount: n.rowCount,
        publishedAt: n.publishedAt!,
        opens: n.opensOn!,
        closes: n.closesOn!,
        closesAt: n.closesAt!,
        calendarCovers: n.calendarCovers,
        state,
        workingDaysLeft: state === 'published' ? workingDaysLeft({ workingDays: n.workingDays ?? [] }, today) : 0,
        pendingObjections: p,
        supplementsNoticeId: n.supplementsNoticeId,
        supplementedBy: (supplementedBy.get(n.id) ?? []).sort((a, b) => a - b),
        auditHead: { seq: n.auditSeq!, hash: n.auditHash! },
      };
    });
  }

  /** The notices an account issues or resolves. */
  async mine(user: AuthUser, contestId: number): Promise<NoticeSummary[]> {
    const em = this.dataSource.manager;
    await findContest(em, contestId);
    const notices = (await em.getRepository(Notice).find({ where: { contestId, state: 'published' }, order: { id: 'DESC' } })).filter((n) => worksWith(user, n));
    return this.summarise(em, notices);
  }
}

export interface ReceiptView {
  receiptCode: string;
  noticeId: number;
  noticeTitle: string;
  resolverName: string;
  concerns: string;
  state: 'pending' | 'upheld' | 'rejected';
  lodgedAt: string;
  decision: { decision: Decision; reason: string; resolvedAt: string; supplementaryNoticeId: number | null } | null;
}

export interface ObjectionView {
  id: number;
  noticeId: number;
  noticeTitle: string;
  kind: NoticeKind;
  receiptCode: string;
  objectorName: string;
  objectorContact: string;
  grounds: string;
  row: { id: number; teacherName: string; schoolName: string; subject: string; group: string; maskedId: string; note: string } | null;
  state: 'pending' | 'upheld' | 'rejected';
  lodgedAt: string;
  resolution: { decision: Decision; falsified: boolean; reason: string; outcome: string; supplementaryNoticeId: number | null; resolvedBy: string; resolvedByName: string; resolvedAt: string } | null;
}

export interface PublicNoticeView {
  id: number;
  contestId: number;
  contestName: string;
  kind: NoticeKind;
  kindName: string;
  roundCode: string;
  title: string;
  issuerName: string;
  resolverName: string;
  objectionContact: string;
  publishedAt: string;
  window: { days: number; opens: string; closes: string; closesAt: string; workingDays: string[]; calendarCovers: boolean; note: string | null };
  auditHead: { seq: number; hash: string };
  contentHash: string;
  supplements: { id: number; title: string } | null;
  rows: { id: number; position: number; teacherName: string; schoolName: string; subject: string; group: string; maskedId: string; note: string }[];
}

export interface NoticeSummary {
  id: number;
  contestId: number;
  kind: NoticeKind;
  kindName: string;
  scopeKey: string;
  title: string;
  issuerName: string;
  resolverName: string;
  rowCount: number;
  publishedAt: string;
  opens: string;
  closes: string;
  closesAt: string;
  calendarCovers: boolean;
  state: NoticeState;
  workingDaysLeft: number;
  pendingObjections: number;
  supplementsNoticeId: number | null;
  supplementedBy: number[];
  auditHead: { seq: number; hash: string };
}
