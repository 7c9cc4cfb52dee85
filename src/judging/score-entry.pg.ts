/**
 * Score entry on PostgreSQL (ScoresService.enter delegates here when the driver is postgres):
 * the same rules, refusals and audit entries as the portable path in scores.service.ts, in two
 * round trips instead of seven, each a named prepared statement (src/database/pg-statements.ts):
 *
 *   READ  one statement, outside any transaction: the panel (state, round, its dates and the
 *         organiser's extension), the judge's seat, the contestant's place, the sheet to score on,
 *         the judge's current sheet and a version already stored under this clientId. It always
 *         answers one row (a missing panel leaves the panel's columns null).
 *   WRITE one statement (a CTE, atomic on its own): the panel taken FOR KEY SHARE only while it is
 *         not locked (a panel lock waits for it, as for the portable path's row lock, and an entry
 *         meeting a panel locked since the READ writes nothing); the sheet inserted, or updated
 *         WHERE its version is still the one read; the version; the pending audit entry. It
 *         answers the sheet's id, or no row when the panel was locked or the sheet changed since
 *         the READ: then the entry is read and decided once more (now a refusal kept as a rejected
 *         version, PANEL_LOCKED, or stored), and a second miss is SHEET_CONFLICT.
 *
 * Entries coming at the same moment share the READ and, for first sheets, the WRITE: one statement
 * over arrays each (Batches, src/database/pg-statements.ts; an entry alone goes at once).
 *
 * The decisions between the two are the portable path's, through the same functions (access
 * policy, conflictOf, validateEntry via checkScores, scoringRefusal, refusalOf, sheetRefusal,
 * replayFrom); both paths run the same HTTP tests (judging, two-devices, concurrency) on their
 * database. After the WRITE, before answering, the audit sequencer chains the entry
 * (AuditService.chainPending), as Transactions' after-commit hook does for other writes.
 */
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, uniqueViolation } from '../common/errors';
import { AuthUser } from '../common/roles';
import { Batches, batchesOf, run, statement } from '../database/pg-statements';
import { ScoreEntryDto } from './dto/judging.dto';
import type { EntryContext, ScoresService } from './scores.service';
import { refusalOf, sheetRefusal } from './sheet-refusals';

/** The entry's context, with the panel's id (null: no such panel). */
interface ContextRow extends EntryContext {
  panel_id: number | null;
}

/**
 * The contexts of a batch of entries: $1 panels, $2 judges (accounts), $3 entrants, $4 clientIds,
 * one element an entry; a row an entry, `i` its place in the arrays (from 1). Each entry's row
 * is read by index lookups of its own (the LATERAL join), as if it were read alone.
 */
const READ = (replayColumns: string) =>
  statement(
    'score-entry-read',
    `SELECT q.i, x.*
       FROM unnest($1::integer[], $2::integer[], $3::integer[], $4::varchar[]) WITH ORDINALITY AS q(panel, judge, entrant, client_id, i)
      CROSS JOIN LATERAL (
     SELECT p.id AS panel_id, p.state, p.code, p.round, pj.id AS seat, e.id AS entrant_id, e.code AS entrant_code,
            e.school_id, e.district_id, e.subject, c.settings, c.subjects, ss.items AS own_sheet,
            s.id AS sheet_id, s.state AS sheet_state, s.version AS sheet_version, s.tenths AS sheet_tenths, s.total_tenths AS sheet_total,
            r.starts_on, r.ends_on, p.scoring_until, r.name AS round_name,
            ${replayColumns}
       FROM (SELECT 1) one
       LEFT JOIN panels p ON p.id = q.panel
       LEFT JOIN contests c ON c.id = p.contest_id
       LEFT JOIN contest_rounds r ON r.contest_id = p.contest_id AND r.code = p.round
       LEFT JOIN panel_judges pj ON pj.panel_id = p.id AND pj.account_id = q.judge
       LEFT JOIN panel_contestants pc ON pc.panel_id = p.id AND pc.entrant_id = q.entrant
       LEFT JOIN round_entrants e ON e.id = pc.entrant_id
       LEFT JOIN school_sheets ss ON ss.contest_id = p.contest_id AND ss.school_id = e.school_id AND p.round = 'preliminary'
       LEFT JOIN score_sheets s ON s.panel_id = p.id AND s.judge_id = q.judge AND s.entrant_id = q.entrant
       LEFT JOIN score_sheet_versions rv ON rv.client_id = q.client_id
       LEFT JOIN score_sheets rs ON rs.id = rv.sheet_id) x`,
  );

/** The panel, held FOR KEY SHARE for the statement, only while it is not locked. */
const OPEN_PANEL = `open_panel AS (SELECT id FROM panels WHERE id = $1::integer AND state <> 'locked' FOR KEY SHARE)`;

/** The pending audit entry of the version `v` wrote (its sheet's id as the entity id). */
const AUDIT = (at: string, actor: string, action: string, before: string, after: string) =>
  `audit AS (INSERT INTO audit_pending (at, actor, action, entity_type, entity_id, before, after)
             SELECT ${at}::varchar, ${actor}::varchar, ${action}::varchar, 'score_sheet', v.sheet_id::text, ${before}::text, ${after}::text FROM v)`;

/**
 * First sheets of a batch of entries, one element of each array an entry: $1 panels, $2 judges,
 * $3 entrants, $4 states, $5 tenths, $6 item keys, $7 totals, $8 nows, $9 clientIds, $10 actions,
 * $11 bys, $12 based ons, $13 audit ats, $14 audit actions, $15 audit afters. Answers `i` (the
 * entry's place, from 1) and the sheet's id of each entry written: not of an entry whose panel is
 * locked. One statement, so the batch is written whole or not at all (a unique violation of one
 * entry fails it; Batches then writes each entry alone).
 */
const INSERT_SHEETS = statement(
  'score-entry-insert',
  `WITH q AS (SELECT * FROM unnest($1::integer[], $2::integer[], $3::integer[], $4::varchar[], $5::text[], $6::text[], $7::integer[], $8::varchar[],
                                   $9::varchar[], $10::varchar[], $11::varchar[], $12::integer[], $13::varchar[], $14::varchar[], $15::text[])
                      WITH ORDINALITY AS q(panel, judge, entrant, state, tenths, item_keys, total, now, client_id, action, by, based_on, audit_at, audit_action, audit_after, i)),
        open_panel AS (SELECT id FROM panels WHERE id IN (SELECT panel FROM q) AND state <> 'locked' FOR KEY SHARE),
        s AS (INSERT INTO score_sheets (panel_id, judge_id, entrant_id, state, version, tenths, item_keys, total_tenths, created_at, updated_at)
              SELECT q.panel, q.judge, q.entrant, q.state, 1, q.tenths, q.item_keys, q.total, q.now, q.now FROM q JOIN open_panel o ON o.id = q.panel ORDER BY q.i
              RETURNING id, panel_id, judge_id, entrant_id),
        w AS (SELECT s.id, q.* FROM s JOIN q ON q.panel = s.panel_id AND q.judge = s.judge_id AND q.entrant = s.entrant_id),
        v AS (INSERT INTO score_sheet_versions (sheet_id, version, state, tenths, total_tenths, client_id, action, reason, at, by, based_on)
              SELECT w.id, 1, w.state, w.tenths, w.total, w.client_id, w.action, NULL, w.now, w.by, w.based_on FROM w ORDER BY w.i),
        audit AS (INSERT INTO audit_pending (at, actor, action, entity_type, entity_id, before, after)
                  SELECT w.audit_at, w.by, w.audit_action, 'score_sheet', w.id::text, NULL, w.audit_after FROM w ORDER BY w.i)
   SELECT i, id FROM w`,
);

/**
 * The next version of a sheet, only if it is still at the version read: $1 panel, $2 sheet,
 * $3 version read, $4 state, $5 tenths, $6 item keys, $7 total, $8 now, $9 clientId, $10 action,
 * $11 by, $12 based on, $13 audit at, $14 audit action, $15 audit before, $16 audit after.
 */
const UPDATE_SHEET = statement(
  'score-entry-update',
  `WITH ${OPEN_PANEL},
        s AS (UPDATE score_sheets SET state = $4::varchar, version = $3::integer + 1, tenths = $5::text, item_keys = $6::text, total_tenths = $7::integer, updated_at = $8::varchar
               WHERE id = $2::integer AND version = $3::integer AND EXISTS (SELECT 1 FROM open_panel)
              RETURNING id, version),
        v AS (INSERT INTO score_sheet_versions (sheet_id, version, state, tenths, total_tenths, client_id, action, reason, at, by, based_on)
              SELECT s.id, s.version, $4::varchar, $5::text, $7::integer, $9::varchar, $10::varchar, NULL, $8::varchar, $11::varchar, $12::integer FROM s
              RETURNING sheet_id),
        ${AUDIT('$13', '$11', '$14', '$15', '$16')}
   SELECT sheet_id FROM v`,
);

/**
 * An entry refused (the sheet was submitted, or the entry's base is stale), kept as a rejected
 * version: $1 panel, $2 sheet, $3 attempted state, $4 tenths, $5 total, $6 clientId, $7 refusal,
 * $8 now, $9 by, $10 based on, $11 audit at, $12 audit after.
 */
const REJECT = statement(
  'score-entry-reject',
  `WITH ${OPEN_PANEL},
        v AS (INSERT INTO score_sheet_versions (sheet_id, version, state, tenths, total_tenths, client_id, action, reason, at, by, based_on)
              SELECT $2::integer, NULL, $3::varchar, $4::text, $5::integer, $6::varchar, 'rejected', $7::varchar, $8::varchar, $9::varchar, $10::integer FROM open_panel
              RETURNING sheet_id),
        ${AUDIT('$11', '$9', "'score.reject'", 'NULL', '$12')}
   SELECT sheet_id FROM v`,
);

/** A READ's item: panel, judge, entrant, clientId (the columns of READ's arrays). */
type ReadItem = [number, number, number, string];
/** An INSERT_SHEETS item: its 15 columns, in the statement's order. */
type InsertItem = [number, number, number, string, string, string, number, string, string, string, string, number | null, string, string, string | null];

export class PgScoreEntry {
  private readonly logger = new Logger('ScoreEntry');
  /** The READs of entries coming at the same moment, one statement a batch. */
  readonly reads: Batches<ReadItem, ContextRow>;
  /** The first sheets of entries coming at the same moment, one statement a batch. */
  readonly inserts: Batches<InsertItem, number | null>;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    replayColumns: string,
  ) {
    // The READ answers a row for every entry; INSERT_SHEETS none for an entry whose panel is locked.
    this.reads = batchesOf<ReadItem, ContextRow, ContextRow>(ds, READ(replayColumns), (row) => row);
    this.inserts = batchesOf<InsertItem, { id: number }, number | null>(ds, INSERT_SHEETS, (row) => Number(row.id), null);
  }

  /** ScoresService.enter on PostgreSQL (the caller has checked `sheet.write`). */
  async enter(svc: ScoresService, user: AuthUser, panelId: number, entrantId: number, dto: ScoreEntryDto) {
    for (let attempt = 0; ; attempt++) {
      let outcome: Awaited<ReturnType<typeof this.once>>;
      try {
        outcome = await this.once(svc, user, panelId, entrantId, dto);
      } catch (e) {
        const unique = uniqueViolation(e);
        // Two requests with the same clientId at the same moment: the loser answers with the winner's result.
        if (unique) {
          const stored = await svc.replay(this.ds.manager, user, panelId, entrantId, dto.clientId);
          if (stored) return stored;
        }
        // Two devices writing the same sheet at the same moment: the loser tries once more, now
        // seeing the winner's sheet, so that its entry is kept (stored, or kept as rejected).
        const raced = unique?.index === 'UQ_score_sheets_panel_judge_entrant' || unique?.index === 'UQ_score_sheet_versions_sheet_version';
        if (raced && attempt === 0) continue;
        throw e;
      }
      if (outcome === null) {
        // The WRITE found the panel locked or the sheet changed since the READ.
        if (attempt === 0) continue;
        throw new AppError('SHEET_CONFLICT', 'The sheet changed at the same moment; reload it');
      }
      if (outcome.wrote) {
        // The entry is committed: chained before the caller is answered (a failure is logged: the write stands).
        await this.audit.chainPending().catch((e: unknown) => this.logger.error(`audit sequencer failed: ${(e as Error).message}`));
      }
      const { answer } = outcome;
      if ('refused' in answer) throw answer.refused;
      return answer;
    }
  }

  /** One READ, the decisions, one WRITE (`wrote`); null when the WRITE found nothing to write to (see above). */
  private async once(svc: ScoresService, user: AuthUser, panelId: number, entrantId: number, dto: ScoreEntryDto) {
    const state = dto.submit ? 'submitted' : 'draft';
    const ctx = await this.reads.add([panelId, user.id, entrantId, dto.clientId]);
    const replayed = svc.replayFrom(ctx, user, panelId, entrantId);
    if (replayed) return { answer: replayed, wrote: false };
    if (ctx.panel_id === null || ctx.panel_id === undefined) throw AppError.notFound('PANEL_NOT_FOUND', 'Panel', panelId);
    const { keys, tenths, tenthsJson, totalTenths, current } = svc.decideEntry(ctx, user, panelId, entrantId, dto);
    const now = this.clock.nowIso();
    const basedOn = dto.baseVersion ?? null;
    const refusal = refusalOf(current, dto.baseVersion);
    if (refusal) {
      const currentState = svc.shownSheet(current);
      if (!current) return { answer: { refused: sheetRefusal(refusal, currentState, { totalTenths }) }, wrote: false };
      // Kept (nothing a judge entered is lost) as a rejected version, visible to the head judge; answered with 409.
      const entry = this.audit.fieldsOf(svc.rejectedEntryChange(user, panelId, entrantId, dto, refusal, current, tenths, totalTenths));
      const { rowCount } = await run(this.ds, REJECT, [panelId, current.id, state, tenthsJson, totalTenths, dto.clientId, refusal, now, user.username, basedOn, entry.at, entry.after]);
      return rowCount === 1 ? { answer: { refused: sheetRefusal(refusal, currentState, { totalTenths }) }, wrote: true } : null;
    }
    const action = dto.submit ? 'submit' : 'save';
    const version = current ? current.version + 1 : 1;
    // The entity id stored is the WRITE's own sheet id (a first sheet's is not known yet: 0 here).
    const entry = this.audit.fieldsOf(svc.storedEntryChange(user, panelId, entrantId, dto, current?.id ?? 0, current, version, tenths, totalTenths));
    const written = current
      ? (await run(this.ds, UPDATE_SHEET, [panelId, current.id, current.version, state, tenthsJson, keys, totalTenths, now, dto.clientId, action, user.username, basedOn, entry.at, entry.action, entry.before, entry.after])).rowCount === 1
      : (await this.inserts.add([panelId, user.id, entrantId, state, tenthsJson, keys, totalTenths, now, dto.clientId, action, user.username, basedOn, entry.at, entry.action, entry.after])) !== null;
    if (!written) return null;
    return { answer: svc.view(panelId, entrantId, user.id, state, version, tenths, totalTenths, now, dto.clientId), wrote: true };
  }
}
