/**
 * A panel's results: progress of the sheets, results by the contest's aggregation rule with
 * outlier flags and ranking, the sheets' versions, locking (writes round_results) and announcing.
 * The judge's own entry is ScoresService's (scores.service.ts).
 */
import { actorNames } from '../auth/actor-names';
import { rankingGroup } from '../domain/panels';
import { assertCan, can, panelResource } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { accountsByIds } from '../auth/find-account';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { entrantsWithIds, insertRoundResults } from '../contestants/find-entrants';
import { lockRow } from '../database/row-lock';
import { Transactions } from '../database/transactions';
import { aggregate, AggregateResult, systematicBias } from '../domain/aggregation';
import { rank } from '../domain/ranking';
import { heaviestFirst, Sheet } from '../domain/sheets';
import { aggregationOf, findPanel, judgeSeat, panelContestants, panelName, sheetLookup, tenthsText } from './judging.common';
import { findContest } from '../contests/find-contest';
import { Panel, PanelJudge, ScoreSheet, ScoreSheetVersion } from './judging.entity';

type Tenths = (number | null)[];

export interface ContestantResult {
  entrantId: number;
  code: string;
  name: string;
  subject: string;
  position: number;
  submitted: number;
  judges: number;
  complete: boolean;
  items: { key: string; name: string; points: number; score: string | null }[];
  total: string | null;
  exactTotal: { num: string; den: string } | null;
  /** How many judges' totals were dropped at each end for this contestant (0: the plain mean). */
  trimmedEachEnd: number | null;
  judgeTotals: { judgeId: number; total: string }[];
  flags: { judgeId: number; rule: string; total: string; medianOfOthers: string; difference: string }[];
  rank: number | null;
  rankGroup: string;
  aggregate?: AggregateResult;
}

@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Organisers who may look at the panel, or its head judge; `announcedJudges`: any judge of the
   * panel once announced. The policy decides who gets this far; the seat on the panel is judging's.
   */
  private async assertOverview(em: EntityManager, user: AuthUser, panel: Panel, announcedJudges = false): Promise<void> {
    assertCan(user, 'panel.results', panelResource(panel));
    if (can(user, 'panel.read', panelResource(panel))) return;
    const seat = await judgeSeat(em, user, panel.id);
    if (seat.isHead) return;
    if (announcedJudges && panel.announced) return;
    if (announcedJudges) throw new AppError('RESULTS_NOT_ANNOUNCED', 'The results are not announced yet');
    throw new AppError('NOT_HEAD_JUDGE', 'Only the head judge and the organisers see this');
  }

  private async judgesOf(em: EntityManager, panelId: number) {
    const pjs = await em.getRepository(PanelJudge).find({ where: { panelId }, order: { id: 'ASC' } });
    const accounts = await accountsByIds(em, pjs.map((p) => p.accountId));
    return pjs.map((p) => {
      const a = accounts.find((x) => x.id === p.accountId)!;
      return { accountId: a.id, displayName: a.displayName, username: a.username, isHead: p.isHead };
    });
  }

  async progress(user: AuthUser, panelId: number) {
    const em = this.ds.manager;
    const panel = await findPanel(em, panelId);
    await this.assertOverview(em, user, panel);
    const judges = await this.judgesOf(em, panelId);
    const contestants = await panelContestants(em, panelId);
    const sheets = await em.getRepository(ScoreSheet).findBy({ panelId });
    const cell = (judgeId: number, entrantId: number) => {
      const s = sheets.find((x) => x.judgeId === judgeId && x.entrantId === entrantId);
      return { judgeId, state: s ? s.state : 'none', version: s ? s.version : 0, total: s ? tenthsText(s.totalTenths) : null };
    };
    const rows = contestants.map((c) => ({
      entrantId: c.entrant.id,
      code: c.entrant.code,
      name: c.name,
      position: c.position,
      cells: judges.map((j) => cell(j.accountId, c.entrant.id)),
    }));
    const submitted = sheets.filter((s) => s.state === 'submitted').length;
    return {
      panel: { id: panel.id, code: panel.code, name: await panelName(em, panel), round: panel.round, groupCode: panel.groupCode, session: panel.session, state: panel.state, announced: panel.announced },
      judges: judges.map((j) => ({
        ...j,
        submitted: sheets.filter((s) => s.judgeId === j.accountId && s.state === 'submitted').length,
        drafts: sheets.filter((s) => s.judgeId === j.accountId && s.state === 'draft').length,
      })),
      contestants: rows,
      expected: judges.length * contestants.length,
      submitted,
      complete: judges.length > 0 && contestants.length > 0 && submitted === judges.length * contestants.length,
    };
  }

  /** Results over the submitted sheets, by the contest's aggregation rule; ranked within the panel per subject group. */
  private async compute(em: EntityManager, panel: Panel) {
    const contest = await findContest(em, panel.contestId);
    const config = aggregationOf(contest);
    const judges = await this.judgesOf(em, panel.id);
    const contestants = await panelContestants(em, panel.id);
    const sheets = await em.getRepository(ScoreSheet).findBy({ panelId: panel.id, state: 'submitted' });
    const rows: ContestantResult[] = [];
    const sheetsOf = new Map<number, Sheet>();
    const sheetOf = sheetLookup(em, contest);
    for (const c of contestants) {
      const sheet = await sheetOf(c.entrant);
      sheetsOf.set(c.entrant.id, sheet);
      const mine = sheets.filter((s) => s.entrantId === c.entrant.id).sort((a, b) => a.judgeId - b.judgeId);
      const agg = mine.length ? aggregate(sheet, mine.map((s) => ({ judge: `J${s.judgeId}`, tenths: s.tenths })), config) : null;
      rows.push({
        entrantId: c.entrant.id,
        code: c.entrant.code,
        name: c.name,
        subject: c.entrant.subject,
        position: c.position,
        submitted: mine.length,
        judges: judges.length,
        complete: judges.length > 0 && mine.length === judges.length,
        items: sheet.map((it, i) => ({ key: it.key, name: it.name, points: it.points, score: agg ? agg.items[i] : null })),
        total: agg ? agg.total : null,
        exactTotal: agg ? agg.exactTotal : null,
        trimmedEachEnd: agg ? agg.trimmedEachEnd : null,
        judgeTotals: agg ? agg.judgeTotals.map((j) => ({ judgeId: Number(j.judge.slice(1)), total: j.total })) : [],
        flags: agg ? agg.flags.map(({ judge, ...f }) => ({ ...f, judgeId: Number(judge.slice(1)) })) : [],
        rank: null,
        rankGroup: rankingGroup(panel.round, panel.groupCode, c.entrant.subject),
        aggregate: agg ?? undefined,
      });
    }
    // Ranking per group (RULES §3): subject × group (semi-final, final), the school's group (preliminary).
    for (const group of new Set(rows.map((r) => r.rankGroup))) {
      const members = rows.filter((r) => r.rankGroup === group && r.aggregate);
      if (!members.length) continue;
      const ranked = rank(
        members.map((r) => ({ id: String(r.entrantId), totalHundredths: r.aggregate!.totalHundredths, itemHundredths: r.aggregate!.itemHundredths })),
        heaviestFirst(sheetsOf.get(members[0].entrantId)!),
      );
      for (const x of ranked) rows.find((r) => String(r.entrantId) === x.id)!.rank = x.rank;
    }
    const bias = systematicBias(
      contestants.map((c) => ({
        contestant: c.entrant.code,
        totals: sheets.filter((s) => s.entrantId === c.entrant.id).map((s) => ({ judge: `J${s.judgeId}`, tenths: s.totalTenths })),
      })),
      { outlierPoints: config.outlierPoints },
    ).map((b) => ({ ...b, judgeId: Number(b.judge.slice(1)) }));
    return { contest, config, judges, rows, bias, complete: judges.length > 0 && rows.length > 0 && rows.every((r) => r.complete) };
  }

  async results(user: AuthUser, panelId: number) {
    const em = this.ds.manager;
    const panel = await findPanel(em, panelId);
    await this.assertOverview(em, user, panel, true);
    const r = await this.compute(em, panel);
    return {
      panel: { id: panel.id, code: panel.code, name: await panelName(em, panel), round: panel.round, groupCode: panel.groupCode, session: panel.session, state: panel.state, announced: panel.announced },
      method: r.config.method,
      aggregation: r.config,
      complete: r.complete,
      judges: r.judges,
      contestants: r.rows.map(({ aggregate: _a, ...row }) => row),
      bias: r.bias.map(({ judge: _j, ...b }) => b),
    };
  }

  async versions(user: AuthUser, panelId: number) {
    const em = this.ds.manager;
    const panel = await findPanel(em, panelId);
    await this.assertOverview(em, user, panel);
    const sheets = await em.getRepository(ScoreSheet).findBy({ panelId });
    if (!sheets.length) return [];
    const versions = await em.getRepository(ScoreSheetVersion).find({ where: { sheetId: In(sheets.map((s) => s.id)) }, order: { id: 'ASC' } });
    const entrants = await entrantsWithIds(em, [...new Set(sheets.map((s) => s.entrantId))]);
    const names = await actorNames(em, versions.map((v) => v.by));
    return versions.map((v) => {
      const s = sheets.find((x) => x.id === v.sheetId)!;
      return {
        sheetId: s.id,
        judgeId: s.judgeId,
        entrantId: s.entrantId,
        code: entrants.find((e) => e.id === s.entrantId)?.code ?? '',
        version: v.version,
        state: v.state,
        action: v.action,
        scores: (v.tenths as Tenths).map(tenthsText),
        total: tenthsText(v.totalTenths),
        reason: v.reason,
        basedOn: v.basedOn,
        clientId: v.clientId,
        at: v.at,
        by: v.by,
        byName: names(v.by) ?? v.by,
      };
    });
  }

  /** Locks a complete panel and writes each contestant's round result. */
  async lock(user: AuthUser, panelId: number) {
    return this.tx.run(async (em) => {
      // The panel's row first: waits for score entries and reopens in flight (key-share locks),
      // and a second lock waits, then finds the panel locked.
      await lockRow(em, 'panels', panelId);
      const panel = await findPanel(em, panelId);
      assertCan(user, 'panel.lock', panelResource(panel));
      if (panel.state === 'locked') throw new AppError('PANEL_LOCKED', `Panel ${panel.code} is already locked`);
      const r = await this.compute(em, panel);
      if (!r.complete) {
        const details: ErrorDetail[] = [];
        if (!r.judges.length) details.push({ field: 'judges', rule: 'required', message: 'The panel has no judge', messageZh: '本组还没有评委' });
        if (!r.rows.length) details.push({ field: 'contestants', rule: 'required', message: 'The panel has no contestant', messageZh: '本组还没有选手' });
        const submittedBy = new Set(
          (await em.getRepository(ScoreSheet).findBy({ panelId, state: 'submitted' })).map((s) => `${s.judgeId}:${s.entrantId}`),
        );
        for (const row of r.rows) {
          for (const j of r.judges) {
            if (!submittedBy.has(`${j.accountId}:${row.entrantId}`)) {
              details.push({ field: `contestants.${row.code}`, rule: 'submitted', message: `${j.displayName} has not submitted ${row.code}`, messageZh: `${j.displayName}尚未提交选手${row.code}的评分` });
            }
          }
        }
        throw new AppError('PANEL_INCOMPLETE', `The panel is not complete: ${details.length} sheet(s) missing`, details);
      }
      const now = this.clock.nowIso();
      const results = await insertRoundResults(
        em,
        r.rows.map((row) => ({
          contestId: panel.contestId,
          round: panel.round,
          entrantId: row.entrantId,
          totalHundredths: Number(row.aggregate!.totalHundredths),
          total: row.aggregate!.total,
          itemHundredths: row.aggregate!.itemHundredths.map(Number),
          itemKeys: row.items.map((i) => i.key),
          judges: row.aggregate!.judges,
          method: row.aggregate!.method,
          panelId: panel.id,
          createdAt: now,
          updatedAt: now,
        })),
      );
      await em.getRepository(Panel).update({ id: panelId }, { state: 'locked', lockedAt: now, lockedBy: user.username, updatedAt: now });
      await this.audit.append(em, {
        actor: user,
        action: 'panel.lock',
        entityType: 'panel',
        entityId: panelId,
        before: { state: 'open' },
        after: { state: 'locked', results: results.map((x) => ({ entrantId: x.entrantId, total: x.total, items: x.itemHundredths })) },
      });
      return { id: panelId, state: 'locked', lockedAt: now, results: results.map((x) => ({ entrantId: x.entrantId, total: x.total })) };
    });
  }

  async announce(user: AuthUser, panelId: number) {
    return this.tx.run(async (em) => {
      // A second announcement waits, then finds it announced (and answers the same, no second entry).
      await lockRow(em, 'panels', panelId, 'no-key-update');
      const panel = await findPanel(em, panelId);
      assertCan(user, 'panel.lock', panelResource(panel));
      if (panel.state !== 'locked') throw new AppError('PANEL_NOT_LOCKED', 'Lock the panel before announcing its results');
      if (!panel.announced) {
        const now = this.clock.nowIso();
        await em.getRepository(Panel).update({ id: panelId }, { announced: true, announcedAt: now, updatedAt: now });
        await this.audit.append(em, { actor: user, action: 'panel.announce', entityType: 'panel', entityId: panelId, before: { announced: false }, after: { announced: true } });
        panel.announced = true;
        panel.announcedAt = now;
      }
      return { id: panelId, announced: true, announcedAt: panel.announcedAt };
    });
  }
}
