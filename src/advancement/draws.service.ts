/**
 * The draw ceremony, protocol `contest-draw/1` (RULES §4): freeze → announce → entropy → run →
 * publish, every step irreversible, audited and timestamped by the Clock. The record is runDraw()
 * of src/domain/draw.ts, stored as the exact JSON text the CLI's `draw` prints for the same input.
 * The public views and records are DrawRecordsService's (draw-records.service.ts), withdrawals
 * with reserves and re-recommendations ReplacementsService's (replacements.service.ts).
 */
import { assertCan } from '../access';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsSelect } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { copyEntrantsIntoRound, entrantIdsByCode, tookPartEntrants } from '../contestants/find-entrants';
import { RoundEntrant } from '../contestants/round-entrant.entity';
import { DrawInput, DrawRecord, parsePoolSnapshot, poolSnapshot, recordText, runDraw, sha256Hex, DRAW_PROTOCOL } from '../domain/draw';
import { findDistrict } from '../registry/find-registry';
import { Transactions } from '../database/transactions';
import { Allocation, Draw, DrawPoolUnit, DrawState, Recommendation } from './advancement.entity';
import { AdvancementService, PREVIOUS_ROUND, UNIT_OF } from './advancement.service';
import { AnnounceDto, EntropyDto } from './dto/advancement.dto';
import { findContest } from '../contests/find-contest';
import { sql } from '../database/sql';
import { lockRow } from '../database/row-lock';

const NEXT_STEP: Record<DrawState, string> = { frozen: 'announce', announced: 'entropy', entropy: 'run', run: 'publish', published: '(none)' };

@Injectable()
export class DrawsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly adv: AdvancementService,
  ) {}

  /** The columns of a draw to read: the large texts (pool snapshot, record) only when asked for. */
  columns(texts: { pool?: boolean; record?: boolean }): FindOptionsSelect<Draw> {
    const names = this.dataSource
      .getMetadata(Draw)
      .columns.map((c) => c.propertyName as keyof Draw)
      .filter((c) => (c !== 'pool' || texts.pool) && (c !== 'record' || texts.record));
    return Object.fromEntries(names.map((c) => [c, true])) as FindOptionsSelect<Draw>;
  }

  /** A draw, with the large texts only when asked for. */
  async draw(em: EntityManager, id: number, texts: { pool?: boolean; record?: boolean } = {}): Promise<Draw> {
    const d = await em.getRepository(Draw).findOne({ where: { id }, select: this.columns(texts) });
    if (!d) throw AppError.notFound('DRAW_NOT_FOUND', 'Draw', id);
    return d;
  }

  wrongState(d: Draw, step: string): AppError {
    return new AppError('DRAW_WRONG_STATE', `Draw ${d.id} is ${d.state}: cannot ${step} (next step: ${NEXT_STEP[d.state]})`, [
      { field: 'state', rule: 'order', message: `state ${d.state}, next step ${NEXT_STEP[d.state]}` },
    ]);
  }

  /** The draw's pools: every unit's active previous-round entrants who took part and were not recommended. */
  async pools(em: EntityManager, a: Allocation): Promise<DrawPoolUnit[]> {
    const prev = PREVIOUS_ROUND[a.round];
    const rows = await tookPartEntrants(em, { contestId: a.contestId, round: prev, ...(a.round === 'semifinal' && { districtId: a.districtId! }) }, UNIT_OF[a.round]);
    // The recommended (few) are left out here rather than by a per-row NOT EXISTS.
    const recommended = new Set<number>(
      (await sql<{ id: unknown }>(em, 'SELECT entrant_id AS id FROM adv_recommendations WHERE allocation_id = ?', [a.id])).map((r) => Number(r.id)),
    );
    const byUnit = new Map<number, string[]>();
    for (const r of rows) {
      if (recommended.has(r.id)) continue;
      const u = r.unitId;
      let list = byUnit.get(u);
      if (!list) byUnit.set(u, (list = []));
      list.push(r.code);
    }
    return a.units.map((u, i) => {
      const pool = byUnit.get(u.unitId) ?? []; // poolSnapshot puts the lines in byte order
      return { unitId: u.unitId, code: u.code, name: u.name, n: pool.length, d: a.report.units[i].drawn, pool };
    });
  }

  /** Step 1: the recommendations close and every unit's pool is frozen (snapshot and hash). */
  async freeze(user: AuthUser, allocationId: number): Promise<DrawView> {
    return this.tx.run(async (em) => {
      // The allocation's row first: a second freeze waits, then finds the draw (DRAW_WRONG_STATE),
      // and a recommendation waits for the freeze and then finds the pools frozen.
      await lockRow(em, 'adv_allocations', allocationId);
      const a = await this.adv.allocation(em, allocationId);
      assertCan(user, 'draw.run', { round: a.round, districtId: a.districtId });
      const existing = await em.getRepository(Draw).findOne({ where: { allocationId } });
      if (existing) throw this.wrongState(existing, 'freeze');
      if (this.clock.today() <= a.recommendationDeadline) {
        const done = await this.adv.recommendedCounts(em, a.id);
        const missing = a.units.filter((u, i) => a.report.units[i].recommended > 0 && (done.get(u.unitId) ?? 0) !== a.report.units[i].recommended);
        if (missing.length) {
          throw new AppError(
            'RECOMMENDATIONS_INCOMPLETE',
            `${missing.length} unit(s) have not recommended yet and the deadline ${a.recommendationDeadline} is open: ${missing.map((u) => u.code).join(', ')}`,
            missing.map((u) => ({ field: `units.${u.unitId}`, rule: 'recommended', message: `${u.code} ${u.name} has not recommended`, messageZh: `${u.name}尚未完成推荐` })),
          );
        }
      }
      const units = await this.pools(em, a);
      const pool = poolSnapshot(units.map((u) => ({ code: u.code, pool: u.pool })));
      const now = this.clock.nowIso();
      const scopeName =
        a.round === 'final' ? '市级决赛' : (await findDistrict(em, a.districtId!)).name;
      const repo = em.getRepository(Draw);
      const d = repo.create({
        allocationId,
        contestId: a.contestId,
        round: a.round,
        scopeKey: a.scopeKey,
        scopeName,
        state: 'frozen',
        pool,
        poolHash: sha256Hex(pool),
        units: units.map(({ unitId, code, name, n, d }) => ({ unitId, code, name, n, d })),
        entropySources: null,
        entropy: null,
        record: null,
        frozenAt: now,
        frozenBy: user.username,
        announcedAt: null,
        announcedBy: null,
        entropyAt: null,
        entropyBy: null,
        runAt: null,
        runBy: null,
        publishedAt: null,
        publishedBy: null,
        auditSeq: null,
        auditHash: null,
        createdAt: now,
        updatedAt: now,
      });
      d.id = (await repo.insert(d)).identifiers[0].id as number;
      await this.audit.append(em, {
        actor: user,
        action: 'draw.freeze',
        entityType: 'draw',
        entityId: d.id,
        after: { allocationId, poolHash: d.poolHash, units: units.map((u) => ({ code: u.code, n: u.n, d: u.d })) },
      });
      return this.view(d, true);
    });
  }

  /** Step 2: the announcement (pool hash, n and d per unit, protocol, entropy sources), before any randomness. */
  async announce(user: AuthUser, id: number, dto: AnnounceDto): Promise<DrawView> {
    return this.step(user, id, 'announce', ['frozen'], async (d) => {
      Object.assign(d, { state: 'announced', entropySources: dto.sources.map((s) => ({ name: s.name, description: s.description })), announcedAt: this.clock.nowIso(), announcedBy: user.username });
      return { entropySources: d.entropySources, announcedAt: d.announcedAt, poolHash: d.poolHash };
    });
  }

  /** Step 3: the values of the announced sources, exactly as published by the sources. */
  async enterEntropy(user: AuthUser, id: number, dto: EntropyDto): Promise<DrawView> {
    const early = (d: Draw) =>
      d.state === 'frozen' ? new AppError('ENTROPY_BEFORE_ANNOUNCEMENT', `Draw ${d.id} has not been announced: entropy is entered only after the announcement`) : undefined;
    return this.step(user, id, 'enter entropy', ['announced'], async (d) => {
      const sources = d.entropySources ?? [];
      if (dto.values.length !== sources.length) {
        throw AppError.field('INVALID_ENTROPY', 'values', 'count', `${sources.length} source(s) were announced, got ${dto.values.length} value(s)`);
      }
      dto.values.forEach((v, i) => {
        if (v.trim() === '') throw AppError.field('INVALID_ENTROPY', `values.${i}`, 'not-empty', `The value of ${sources[i].name} is empty`);
      });
      Object.assign(d, { state: 'entropy', entropy: [...dto.values], entropyAt: this.clock.nowIso(), entropyBy: user.username });
      return { entropy: d.entropy };
    }, { refusal: early });
  }

  /**
   * The draw input rebuilt from the stored draw: the pools are read back from the frozen snapshot
   * text (whose sha256 was announced), so the draw runs on exactly what was published.
   */
  input(d: Draw, contestCode: string): DrawInput {
    const parsed = parsePoolSnapshot(d.pool);
    if (!parsed.ok) throw new Error(`draw ${d.id}: the stored pool snapshot is unreadable: ${parsed.message}`);
    return {
      contestCode,
      roundCode: d.round,
      entropy: d.entropy ?? [],
      announcedAt: d.announcedAt ?? undefined,
      entropySources: d.entropySources ?? [],
      units: d.units.map((u) => ({ code: u.code, drawn: u.d, pool: parsed.units.get(u.code) ?? [] })),
    };
  }

  /** Step 4: runDraw, once. */
  async run(user: AuthUser, id: number): Promise<DrawView> {
    const again = (d: Draw) =>
      d.state === 'run' || d.state === 'published' ? new AppError('DRAW_ALREADY_RUN', `Draw ${d.id} has already been run at ${d.runAt}; a draw runs once`) : undefined;
    return this.step(user, id, 'run', ['entropy'], async (d, em) => {
      const contest = await findContest(em, d.contestId);
      const record = runDraw(this.input(d, contest.code));
      d.record = recordText(record);
      Object.assign(d, { state: 'run', runAt: this.clock.nowIso(), runBy: user.username });
      return { master: record.master, recordSha256: sha256Hex(d.record) };
    }, { texts: { pool: true }, refusal: again });
  }

  /** Step 5: the next round's entrants: recommended + drawn. */
  async publish(user: AuthUser, id: number): Promise<DrawView> {
    return this.step(user, id, 'publish', ['run'], async (d, em) => {
      const record = JSON.parse(d.record!) as DrawRecord;
      const prev = PREVIOUS_ROUND[d.round];
      const recommended = await em.getRepository(Recommendation).find({ where: { allocationId: d.allocationId }, select: { entrantId: true } });
      const sourceOf = new Map<number, 'recommended' | 'drawn'>();
      for (const r of recommended) sourceOf.set(r.entrantId, 'recommended');
      const drawnCodes = record.units.flatMap((u) => u.drawn);
      const ids = await entrantIdsByCode(em, d.contestId, prev, drawnCodes);
      for (const c of drawnCodes) sourceOf.set(ids.get(c)!, 'drawn');
      const created = await this.advance(em, d, [...sourceOf.entries()].map(([entrantId, source]) => ({ entrantId, source })));
      Object.assign(d, { state: 'published', publishedAt: this.clock.nowIso(), publishedBy: user.username });
      return { recommended: recommended.length, drawn: drawnCodes.length, created };
    }, { texts: { record: true } });
  }

  /** Copies previous-round entrants into the draw's round with a source; returns how many. */
  async advance(em: EntityManager, d: Draw, rows: { entrantId: number; source: RoundEntrant['source'] }[]): Promise<number> {
    if (!rows.length) return 0;
    await copyEntrantsIntoRound(em, d.round, rows, this.clock.nowIso());
    return rows.length;
  }

  /**
   * One step of the ceremony, in one transaction: the draw (with the large texts the step needs),
   * the organiser's check, the state check, the step's work, the changed columns, the audit entry.
   * A draw in a state the step does not start from is refused with the step's own error
   * (`refusal`) or DRAW_WRONG_STATE.
   */
  private async step(
    user: AuthUser,
    id: number,
    step: string,
    from: DrawState[],
    work: (d: Draw, em: EntityManager) => Promise<object>,
    options: { texts?: { pool?: boolean; record?: boolean }; refusal?: (d: Draw) => AppError | undefined } = {},
  ): Promise<DrawView> {
    return this.tx.run(async (em) => {
      // The draw's row first: a second caller of the same step waits for the first one's COMMIT
      // and then reads the new state, so it is refused with the step's own error.
      await lockRow(em, 'adv_draws', id);
      const d = await this.draw(em, id, options.texts);
      // Who runs it is all a step needs of the allocation.
      const a = await em.getRepository(Allocation).findOneOrFail({ where: { id: d.allocationId }, select: { id: true, round: true, districtId: true } });
      assertCan(user, 'draw.run', { round: a.round, districtId: a.districtId });
      if (!from.includes(d.state)) throw options.refusal?.(d) ?? this.wrongState(d, step);
      const before = d.state;
      const old = { ...d };
      const detail = await work(d, em);
      d.updatedAt = this.clock.nowIso();
      // Only the columns the step changed (the pool and units are never rewritten).
      const patch: Record<string, unknown> = {};
      for (const k of Object.keys(d) as (keyof Draw)[]) if (d[k] !== old[k]) patch[k] = d[k];
      // Conditional on the state the step started from (the lock makes it hold; this says so).
      const changed = await em.getRepository(Draw).update({ id: d.id, state: before }, patch);
      if (changed.affected === 0) throw this.wrongState(await this.draw(em, id), step);
      const entry = await this.audit.append(em, {
        actor: user,
        action: `draw.${step.replace(/ /g, '-')}`,
        entityType: 'draw',
        entityId: d.id,
        before: { state: before },
        after: { state: d.state, ...detail },
      });
      const view = this.view(d, true);
      if (d.state === 'published') {
        // The chain head at publication (the draw.publish entry), printed on the public record
        // (RULES §6): known once the entry is chained (PostgreSQL: right after the COMMIT).
        this.audit.whenChained(em, entry, async (head, m) => {
          Object.assign(d, { auditSeq: head.seq, auditHash: head.hash });
          view.auditHead = head;
          await m.getRepository(Draw).update(d.id, { auditSeq: head.seq, auditHash: head.hash });
        });
      }
      return view;
    });
  }

  /** A draw as answered (`full`: the organisers' view; otherwise the public one). */
  view(d: Draw, full: boolean): DrawView {
    const announced = d.announcedAt !== null;
    return {
      id: d.id,
      allocationId: d.allocationId,
      contestId: d.contestId,
      round: d.round,
      scope: d.scopeKey,
      scopeName: d.scopeName,
      state: d.state,
      protocol: DRAW_PROTOCOL,
      frozenAt: d.frozenAt,
      poolHash: full || announced ? d.poolHash : null,
      units: full || announced ? d.units.map((u) => ({ unitId: u.unitId, code: u.code, name: u.name, n: u.n, d: u.d })) : [],
      announcement: announced ? { announcedAt: d.announcedAt!, poolHash: d.poolHash, protocol: DRAW_PROTOCOL, entropySources: d.entropySources ?? [] } : null,
      entropy: d.entropy,
      entropyAt: d.entropyAt,
      runAt: d.runAt,
      publishedAt: d.publishedAt,
      recordAvailable: full ? d.state === 'run' || d.state === 'published' : d.state === 'published',
      pool: full ? (d.pool ?? null) : null,
      auditHead: d.auditSeq !== null && d.auditSeq !== undefined && d.auditHash ? { seq: d.auditSeq, hash: d.auditHash } : null,
    };
  }

}

export interface DrawView {
  id: number;
  allocationId: number;
  contestId: number;
  /** The contest's name (the public views: a visitor tells one year's draws from another's). */
  contestName?: string;
  round: string;
  scope: string;
  scopeName: string;
  state: DrawState;
  protocol: string;
  frozenAt: string;
  poolHash: string | null;
  units: { unitId: number; code: string; name: string; n: number; d: number }[];
  announcement: { announcedAt: string; poolHash: string; protocol: string; entropySources: { name: string; description: string }[] } | null;
  entropy: string[] | null;
  entropyAt: string | null;
  runAt: string | null;
  publishedAt: string | null;
  recordAvailable: boolean;
  pool: string | null;
  /** The audit chain head at publication (sequence number and hash), once published. */
  auditHead: { seq: number; hash: string } | null;
}
