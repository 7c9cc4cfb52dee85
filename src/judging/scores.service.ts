/**
 * Score entry: the judge's own panels and contestants, a judge's sheet per contestant (draft →
 * submitted, every version kept, idempotent by clientId) and the head judge's reopen. Progress,
 * results, locking and announcing are ResultsService's (results.service.ts).
 */
import { assertCan, can } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditChange, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail, uniqueViolation } from '../common/errors';
import { AuthUser } from '../common/roles';
import { Contest } from '../contests/contest.entity';
import { sql } from '../database/sql';
import { lockRow } from '../database/row-lock';
import { Transactions } from '../database/transactions';
import type { RoundCode } from '../domain/preset';
import { Sheet, validateEntry } from '../domain/sheets';
import { ReopenDto, ScoreEntryDto } from './dto/judging.dto';
import { baseSheet, conflictMessage, conflictOf, findPanel, judgeSeat, panelContestants, panelName, panelNames, sheetLookup, tenthsText } from './judging.common';
import { contestsWithIds, findContest } from '../contests/find-contest';
import { refusalOf, sheetRefusal } from './sheet-refusals';
import { Panel, PanelContestant, PanelJudge, ScoreSheet, ScoreSheetVersion } from './judging.entity';
import { checkScoringDates } from './scoring-dates';
import { PgScoreEntry } from './score-entry.pg';

/** What an entry is decided on, read with the panel in one statement (both databases). */
export interface EntryContext extends ReplayRow {
  state: string;
  code: string;
  round: RoundCode;
  seat: number | null;
  entrant_id: number | null;
  entrant_code: string;
  school_id: number;
  district_id: number;
  subject: string;
  settings: string;
  subjects: string;
  own_sheet: string | null;
  sheet_id: number | null;
  sheet_state: string;
  sheet_version: number;
  sheet_tenths: string;
  sheet_total: number;
  round_name: string | null;
  starts_on: string | null;
  ends_on: string | null;
  scoring_until: string | null;
}

type Tenths = (number | null)[];

/** The judge's sheet as stored, as the context read found it. */
export interface StoredSheet {
  id: number;
  state: string;
  version: number;
  tenths: string;
  totalTenths: number;
}

/** A version stored under a clientId (all null when none), joined into the score-entry reads. */
export interface ReplayRow {
  r_version: number | null;
  r_state: 'draft' | 'submitted';
  r_tenths: string;
  r_total: number;
  r_client: string | null;
  r_at: string;
  r_panel: number;
  r_judge: number;
  r_entrant: number;
  r_action: string | null;
  r_reason: string | null;
  r_sheet_state: string;
  r_sheet_version: number;
  r_sheet_tenths: string;
  r_sheet_total: number;
}

function sumTenths(t: Tenths): number {
  return t.reduce<number>((s, v) => s + (v ?? 0), 0);
}

@Injectable()
export class ScoresService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.pg = ds.options.type === 'postgres' ? new PgScoreEntry(ds, audit, clock, ScoresService.REPLAY_COLUMNS) : null;
  }

  /** PostgreSQL: score entry in two prepared statements (score-entry.pg.ts); null on SQLite. */
  private readonly pg: PgScoreEntry | null;

  /** PostgreSQL: how the score entry's READs and first sheets went in batches so far (null on SQLite). */
  entryBatches(): { reads: PgScoreEntry['reads']['counts']; inserts: PgScoreEntry['inserts']['counts'] } | null {
    return this.pg && { reads: this.pg.reads.counts, inserts: this.pg.inserts.counts };
  }

  ping() {
    return { ok: true };
  }

  // ------------------------------------------------------------ judge side

  /** The judge's panels (a link: its one panel). */
  async myPanels(user: AuthUser) {
    assertCan(user, 'judge.panels');
    const em = this.ds.manager;
    let seats = await em.getRepository(PanelJudge).find({ where: { accountId: user.id }, order: { panelId: 'ASC' } });
    seats = seats.filter((s) => can(user, 'judge.panels', { panelId: s.panelId }));
    if (!seats.length) return [];
    const panels = await em.getRepository(Panel).findBy({ id: In(seats.map((s) => s.panelId)) });
    const contests = await contestsWithIds(em, panels.map((p) => p.contestId));
    const names = await panelNames(em, panels);
    const out = [];
    for (const s of seats) {
      const p = panels.find((x) => x.id === s.panelId)!;
      const contestants = await em.getRepository(PanelContestant).countBy({ panelId: p.id });
      const submitted = await em.getRepository(ScoreSheet).countBy({ panelId: p.id, judgeId: user.id, state: 'submitted' });
      out.push({
        id: p.id,
        code: p.code,
        name: names.get(p.id) ?? p.session,
        contestName: contests.find((c) => c.id === p.contestId)?.name ?? '',
        round: p.round,
        groupCode: p.groupCode,
        session: p.session,
        state: p.state,
        isHead: s.isHead,
        contestants,
        submitted,
      });
    }
    return out;
  }

  /** The judge's contestants in order of appearance, each with the sheet and the judge's own entry. */
  async myPanel(user: AuthUser, panelId: number) {
    assertCan(user, 'judge.panels', { panelId });
    const em = this.ds.manager;
    const panel = await findPanel(em, panelId);
    const seat = await judgeSeat(em, user, panelId);
    const contest = await findContest(em, panel.contestId);
    const list = await panelContestants(em, panelId);
    const sheets = await em.getRepository(ScoreSheet).findBy({ panelId, judgeId: user.id });
    const sheetOf = sheetLookup(em, contest);
    const contestants = [];
    for (const { entrant: e, position, name } of list) {
      const s = sheets.find((x) => x.entrantId === e.id);
      const items = await sheetOf(e);
      contestants.push({
        entrantId: e.id,
        code: e.code,
        name,
        subject: e.subject,
        subjectName: contest.subjects.find((x) => x.code === e.subject)?.name ?? e.subject,
        position,
        conflict: conflictOf(user, e, panel.round) !== null,
        items,
        state: s ? s.state : 'none',
        version: s ? s.version : 0,
        scores: s ? (s.tenths as Tenths).map(tenthsText) : items.map(() => ''),
        total: s ? tenthsText(s.totalTenths) : null,
      });
    }
    return {
      panel: { id: panel.id, code: panel.code, name: await panelName(em, panel), round: panel.round, groupCode: panel.groupCode, session: panel.session, state: panel.state, contestName: contest.name },
      judge: { id: user.id, displayName: user.displayName, isHead: seat.isHead },
      contestants,
    };
  }

  /** A resend of an already stored save/submit: the stored result, nothing stored again. */
  async replay(em: EntityManager, user: AuthUser, panelId: number, entrantId: number, clientId: string) {
    const [row] = await sql<ReplayRow>(
      em,
      `SELECT ${ScoresService.REPLAY_COLUMNS} FROM score_sheet_versions rv JOIN score_sheets rs ON rs.id = rv.sheet_id WHERE rv.client_id = ?`,
      [clientId],
    );
    return row ? this.replayFrom(row, user, panelId, entrantId) : null;
  }

  /** Columns of a stored version found by clientId, joined into the score-entry queries. */
  static readonly REPLAY_COLUMNS = `rv.version AS r_version, rv.state AS r_state, rv.tenths AS r_tenths, rv.total_tenths AS r_total,
              rv.client_id AS r_client, rv.at AS r_at, rs.panel_id AS r_panel, rs.judge_id AS r_judge, rs.entrant_id AS r_entrant,
              rv.action AS r_action, rv.reason AS r_reason, rs.state AS r_sheet_state, rs.version AS r_sheet_version,
              rs.tenths AS r_sheet_tenths, rs.total_tenths AS r_sheet_total`;

  replayFrom(row: ReplayRow, user: AuthUser, panelId: number, entrantId: number) {
    if (row.r_client === null || row.r_client === undefined) return null;
    if (Number(row.r_judge) !== user.id || Number(row.r_panel) !== panelId || Number(row.r_entrant) !== entrantId) {
      throw AppError.field('CLIENT_ID_REUSED', 'clientId', 'unique', 'This clientId was already used for another sheet');
    }
    if (row.r_action === 'rejected') {
      // A resend of a rejected entry: the same refusal, with the sheet as it is now.
      throw sheetRefusal(
        row.r_reason === 'SHEET_STALE' ? 'SHEET_STALE' : 'SHEET_SUBMITTED',
        { state: row.r_sheet_state, version: Number(row.r_sheet_version), tenths: JSON.parse(row.r_sheet_tenths) as Tenths, totalTenths: Number(row.r_sheet_total) },
        { totalTenths: Number(row.r_total) },
      );
    }
    return this.view(panelId, entrantId, user.id, row.r_state, Number(row.r_version), JSON.parse(row.r_tenths) as Tenths, Number(row.r_total), row.r_at, row.r_client);
  }

  view(panelId: number, entrantId: number, judgeId: number, state: 'draft' | 'submitted', version: number, tenths: Tenths, totalTenths: number, at: string, clientId: string | null) {
    return { panelId, entrantId, judgeId, state, version, scores: tenths.map(tenthsText), total: tenthsText(totalTenths), updatedAt: at, clientId };
  }

  /**
   * Saves a draft or submits the judge's sheet for one contestant. One read (inside the write
   * transaction) gathers the panel, its round's scoring dates, the judge's seat, the contestant,
   * the sheet to score on, the judge's current sheet and a version already stored under this clientId.
   */
  async enter(user: AuthUser, panelId: number, entrantId: number, dto: ScoreEntryDto) {
    assertCan(user, 'sheet.write', { panelId });
    if (this.pg) return this.pg.enter(this, user, panelId, entrantId, dto);
    let answer: ReturnType<ScoresService['enterSqlite']>;
    try {
      answer = await this.tx.runSync(() => this.enterSqlite(user, panelId, entrantId, dto));
    } catch (e) {
      // A unique index refusing the write (the same clientId stored meanwhile): the stored answer.
      if (uniqueViolation(e)) {
        const stored = await this.replay(this.ds.manager, user, panelId, entrantId, dto.clientId);
        if (stored) return stored;
      }
      throw e;
    }
    if ('refused' in answer) throw answer.refused;
    return answer;
  }

  /** The entry's context on SQLite: $judge, $entrant, $judge, $entrant, $clientId, $panel. */
  private static readonly SQLITE_CONTEXT = `SELECT p.state, p.code, p.round, pj.id AS seat, e.id AS entrant_id, e.code AS entrant_code,
                  e.school_id, e.district_id, e.subject, c.settings, c.subjects, ss.items AS own_sheet,
                  s.id AS sheet_id, s.state AS sheet_state, s.version AS sheet_version, s.tenths AS sheet_tenths, s.total_tenths AS sheet_total,
                  r.name AS round_name, r.starts_on, r.ends_on, p.scoring_until,
                  ${ScoresService.REPLAY_COLUMNS}
             FROM panels p
             JOIN contests c ON c.id = p.contest_id
             LEFT JOIN contest_rounds r ON r.contest_id = p.contest_id AND r.code = p.round
             LEFT JOIN panel_judges pj ON pj.panel_id = p.id AND pj.account_id = ?
             LEFT JOIN panel_contestants pc ON pc.panel_id = p.id AND pc.entrant_id = ?
             LEFT JOIN round_entrants e ON e.id = pc.entrant_id
             LEFT JOIN school_sheets ss ON ss.contest_id = p.contest_id AND ss.school_id = e.school_id AND p.round = 'preliminary'
             LEFT JOIN score_sheets s ON s.panel_id = p.id AND s.judge_id = ? AND s.entrant_id = ?
             LEFT JOIN score_sheet_versions rv ON rv.client_id = ?
             LEFT JOIN score_sheets rs ON rs.id = rv.sheet_id
            WHERE p.id = ?`;

  private static readonly VERSION_INSERT = `INSERT INTO score_sheet_versions (sheet_id, version, state, tenths, total_tenths, client_id, action, reason, at, by, based_on)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

  /**
   * The entry on SQLite, one synchronous call of the write queue (Transactions.runSync): one read
   * gathers the panel, its round's scoring dates, the judge's seat, the contestant, the sheet to
   * score on, the judge's current sheet and a version already stored under this clientId; then
   * the same decisions as on PostgreSQL (decideEntry, refusalOf, sheetRefusal, replayFrom) and the
   * writes, each a statement prepared once on the connection. A refusal kept as a rejected version
   * is returned (`refused`), so that the version and its audit entry are committed, then thrown.
   */
  private enterSqlite(user: AuthUser, panelId: number, entrantId: number, dto: ScoreEntryDto) {
    const tx = this.tx;
    const state = dto.submit ? 'submitted' : 'draft';
    const ctx = tx.prepared(ScoresService.SQLITE_CONTEXT).get(user.id, entrantId, user.id, entrantId, dto.clientId, panelId) as EntryContext | undefined;
    if (!ctx) {
      // A resend naming a panel that does not exist: still the stored answer, or CLIENT_ID_REUSED.
      const row = tx.prepared(`SELECT ${ScoresService.REPLAY_COLUMNS} FROM score_sheet_versions rv JOIN score_sheets rs ON rs.id = rv.sheet_id WHERE rv.client_id = ?`).get(dto.clientId) as ReplayRow | undefined;
      const replayed = row ? this.replayFrom(row, user, panelId, entrantId) : null;
      if (replayed) return replayed;
      throw AppError.notFound('PANEL_NOT_FOUND', 'Panel', panelId);
    }
    const replayed = this.replayFrom(ctx, user, panelId, entrantId);
    if (replayed) return replayed;
    const { keys, tenths, tenthsJson, totalTenths, current } = this.decideEntry(ctx, user, panelId, entrantId, dto);
    const now = this.clock.nowIso();
    const basedOn = dto.baseVersion ?? null;
    const refusal = refusalOf(current, dto.baseVersion);
    if (refusal) {
      const shown = this.shownSheet(current);
      if (!current) return { refused: sheetRefusal(refusal, shown, { totalTenths }) };
      // Kept (nothing a judge entered is lost) as a rejected version, visible to the head judge; answered with 409 after the COMMIT.
      tx.prepared(ScoresService.VERSION_INSERT).run(current.id, null, state, tenthsJson, totalTenths, dto.clientId, 'rejected', refusal, now, user.username, basedOn);
      this.audit.appendSync(this.rejectedEntryChange(user, panelId, entrantId, dto, refusal, current, tenths, totalTenths));
      return { refused: sheetRefusal(refusal, shown, { totalTenths }) };
    }
    let sheetId: number;
    let version: number;
    if (current) {
      version = current.version + 1;
      const { changes } = tx
        .prepared('UPDATE score_sheets SET state = ?, version = ?, tenths = ?, item_keys = ?, total_tenths = ?, updated_at = ? WHERE id = ? AND version = ?')
        .run(state, version, tenthsJson, keys, totalTenths, now, current.id, current.version);
      if (changes === 0) throw new AppError('SHEET_CONFLICT', 'The sheet changed at the same moment; reload it');
      sheetId = current.id;
    } else {
      version = 1;
      const { lastInsertRowid } = tx
        .prepared(
          `INSERT INTO score_sheets (panel_id, judge_id, entrant_id, state, version, tenths, item_keys, total_tenths, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(panelId, user.id, entrantId, state, version, tenthsJson, keys, totalTenths, now, now);
      sheetId = Number(lastInsertRowid);
    }
    tx.prepared(ScoresService.VERSION_INSERT).run(sheetId, version, state, tenthsJson, totalTenths, dto.clientId, dto.submit ? 'submit' : 'save', null, now, user.username, basedOn);
    this.audit.appendSync(this.storedEntryChange(user, panelId, entrantId, dto, sheetId, current, version, tenths, totalTenths));
    return this.view(panelId, entrantId, user.id, state, version, tenths, totalTenths, now, dto.clientId);
  }

  /** The judge's sheet as it stands (none yet: an empty one), as a refusal shows it. */
  shownSheet(current: StoredSheet | undefined) {
    return { state: current?.state ?? 'none', version: current?.version ?? 0, tenths: current ? (JSON.parse(current.tenths) as Tenths) : [], totalTenths: current?.totalTenths ?? 0 };
  }

  /** The audit entry of an entry refused and kept as a rejected version of the sheet (both databases). */
  rejectedEntryChange(user: AuthUser, panelId: number, entrantId: number, dto: ScoreEntryDto, refusal: string, current: StoredSheet, tenths: Tenths, totalTenths: number): AuditChange {
    const after = { panelId, entrantId, judgeId: user.id, refusal, attempted: dto.submit ? 'submitted' : 'draft', basedOn: dto.baseVersion ?? null, tenths, totalTenths, clientId: dto.clientId, current: { state: current.state, version: current.version } };
    return { actor: user, action: 'score.reject', entityType: 'score_sheet', entityId: current.id, after };
  }

  /** The audit entry of a stored save or submission, the sheet now at `version` (both databases). */
  storedEntryChange(user: AuthUser, panelId: number, entrantId: number, dto: ScoreEntryDto, sheetId: number, current: StoredSheet | undefined, version: number, tenths: Tenths, totalTenths: number): AuditChange {
    return {
      actor: user,
      action: dto.submit ? 'score.submit' : 'score.save',
      entityType: 'score_sheet',
      entityId: sheetId,
      before: current ? { state: current.state, version: current.version, tenths: JSON.parse(current.tenths) } : null,
      after: { panelId, entrantId, judgeId: user.id, state: dto.submit ? 'submitted' : 'draft', version, tenths, totalTenths, clientId: dto.clientId },
    };
  }

  /**
   * An entry decided on its context row, the same for both databases (the SQLite transaction's read
   * and PostgreSQL's one prepared read): the panel open, the caller on it, the contestant on it, the
   * round's dates (when the contest has the round), no conflict of interest; then the sheet, the
   * entry's tenths by the domain's checks with their total, and the sheet as stored (none yet: undefined).
   */
  decideEntry(ctx: EntryContext, user: AuthUser, panelId: number, entrantId: number, dto: ScoreEntryDto) {
    if (ctx.state === 'locked') throw new AppError('PANEL_LOCKED', `Panel ${ctx.code} is locked; no entry is possible`);
    if (ctx.seat === null || ctx.seat === undefined) throw new AppError('NOT_ON_PANEL', `You are not a judge of panel ${panelId}`);
    if (ctx.entrant_id === null || ctx.entrant_id === undefined) {
      throw new AppError('ENTRANT_NOT_FOUND', `Entrant ${entrantId} is not a contestant of panel ${ctx.code}`);
    }
    // The round's dates came with the context (the round's row: null when the contest has no such round).
    checkScoringDates(this.clock, ctx.round_name === null || ctx.round_name === undefined ? undefined : { starts_on: ctx.starts_on, ends_on: ctx.ends_on, scoring_until: ctx.scoring_until, name: ctx.round_name });
    const entrant = { schoolId: Number(ctx.school_id), districtId: Number(ctx.district_id), code: ctx.entrant_code };
    const conflict = conflictOf(user, entrant, ctx.round);
    if (conflict) throw new AppError('JUDGE_CONFLICT', conflictMessage(conflict, user, entrant));
    const { sheet, keys } = this.sheetOf(ctx);
    const tenths = this.checkScores(sheet, dto.scores, !!dto.submit);
    const current =
      ctx.sheet_id === null || ctx.sheet_id === undefined
        ? undefined
        : { id: Number(ctx.sheet_id), state: ctx.sheet_state, version: Number(ctx.sheet_version), tenths: ctx.sheet_tenths, totalTenths: Number(ctx.sheet_total) };
    return { sheet, keys, tenths, tenthsJson: JSON.stringify(tenths), totalTenths: sumTenths(tenths), current };
  }

  /**
   * The sheet a contestant is scored on (the school's own, else the round's by subject) and its
   * item keys as stored, from the texts the context query read: parsed once per distinct text
   * (the contest's settings are the largest part of a submission's read, and parsing them was a
   * good part of its work). Keyed by the texts themselves, so a changed contest or school sheet is
   * a new entry: nothing to invalidate. At most SHEETS_KEPT entries (the oldest go first).
   */
  sheetOf(ctx: { own_sheet: string | null; settings: string; subjects: string; round: RoundCode; subject: string }): { sheet: Sheet; keys: string } {
    const key = ctx.own_sheet ? `own\u0000${ctx.own_sheet}` : `${ctx.round}\u0000${ctx.subject}\u0000${ctx.settings}\u0000${ctx.subjects}`;
    let entry = this.sheets.get(key);
    if (!entry) {
      const sheet: Sheet = ctx.own_sheet
        ? (JSON.parse(ctx.own_sheet) as Sheet)
        : baseSheet({ settings: JSON.parse(ctx.settings), subjects: JSON.parse(ctx.subjects) } as Contest, ctx.round, ctx.subject);
      entry = { sheet, keys: JSON.stringify(sheet.map((i) => i.key)) };
      if (this.sheets.size >= ScoresService.SHEETS_KEPT) this.sheets.delete(this.sheets.keys().next().value!);
      this.sheets.set(key, entry);
    }
    return entry;
  }

  private static readonly SHEETS_KEPT = 256;
  private readonly sheets = new Map<string, { sheet: Sheet; keys: string }>();

  /** Domain checks of an entry: a submission needs every item; a draft may leave items empty. */
  checkScores(sheet: Sheet, scores: (number | string | null)[], submit: boolean): Tenths {
    const empty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
    const filled = submit ? scores : scores.map((v) => (empty(v) ? 0 : v));
    const r = validateEntry(sheet, filled as (number | string)[]);
    if ('problems' in r) {
      const details: ErrorDetail[] = r.problems.map((p) => ({ field: p.field === 'scores' ? 'scores' : `scores.${p.field}`, rule: p.rule, message: p.message }));
      throw new AppError('INVALID_SCORES', `The scores are refused: ${r.problems.map((p) => p.message).join('; ')}`, details);
    }
    return submit ? r.tenths : r.tenths.map((t, i) => (empty(scores[i]) ? null : t));
  }

  /** The head judge reopens a judge's submitted sheet, with a reason (a new draft version). */
  async reopen(user: AuthUser, panelId: number, entrantId: number, dto: ReopenDto) {
    assertCan(user, 'sheet.reopen', { panelId });
    return this.tx.run(async (em) => {
      // Key share: no lock of the panel under the reopen (as under a score entry).
      await lockRow(em, 'panels', panelId, 'key-share');
      const panel = await findPanel(em, panelId);
      const seat = await em.getRepository(PanelJudge).findOneBy({ panelId, accountId: user.id });
      if (!seat?.isHead) throw new AppError('NOT_HEAD_JUDGE', `Only the head judge of panel ${panel.code} can reopen a sheet`);
      if (panel.state === 'locked') throw new AppError('PANEL_LOCKED', `Panel ${panel.code} is locked`);
      const repo = em.getRepository(ScoreSheet);
      const sheet = await repo.findOneBy({ panelId, judgeId: dto.judgeId, entrantId });
      if (!sheet) throw new AppError('SHEET_NOT_FOUND', `Judge ${dto.judgeId} has no sheet for entrant ${entrantId} on this panel`);
      if (sheet.state !== 'submitted') throw new AppError('SHEET_NOT_SUBMITTED', 'Only a submitted sheet can be reopened');
      const now = this.clock.nowIso();
      const res = await repo.update({ id: sheet.id, version: sheet.version }, { state: 'draft', version: sheet.version + 1, updatedAt: now });
      if (res.affected === 0) throw new AppError('SHEET_CONFLICT', 'The sheet changed at the same moment; reload it');
      const vrepo = em.getRepository(ScoreSheetVersion);
      const v = vrepo.create({
        sheetId: sheet.id,
        version: sheet.version + 1,
        state: 'draft',
        tenths: sheet.tenths,
        totalTenths: sheet.totalTenths,
        clientId: null,
        action: 'reopen',
        reason: dto.reason,
        basedOn: sheet.version,
        at: now,
        by: user.username,
      });
      await vrepo.insert(v);
      await this.audit.append(em, {
        actor: user,
        action: 'score.reopen',
        entityType: 'score_sheet',
        entityId: sheet.id,
        before: { state: 'submitted', version: sheet.version },
        after: { state: 'draft', version: sheet.version + 1, reason: dto.reason, judgeId: dto.judgeId, entrantId },
      });
      return this.view(panelId, entrantId, sheet.judgeId, v.state, sheet.version + 1, v.tenths as Tenths, v.totalTenths, v.at, v.clientId);
    });
  }
}
