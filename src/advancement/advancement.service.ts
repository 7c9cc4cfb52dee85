/**
 * Advancement (RULES §4): allocation of the next round's places, the units'
 * recommendations (and the eligibility check a re-recommendation shares). The ceremony is in
 * draws.service.ts, the public views in draw-records.service.ts, withdrawals and reserves in
 * replacements.service.ts.
 *
 * Semi-final: the district admin allocates over the schools of its district (n = the school's
 * active preliminary entrants); each school recommends from its preliminary entrants who took
 * part (have a result). Final: the city admin allocates over the districts (n = the district's
 * active semi-finalists); each district recommends from its semi-finalists who took part.
 * Pool and count queries are raw SQL with the needed columns only (no entity hydration).
 */
import { resultJoinSql, tookPart } from '../domain/took-part';
import { assertCan, can, Resource } from '../access';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NoticesService } from '../announcements/notices.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { findContest } from '../contests/find-contest';
import { Transactions } from '../database/transactions';
import { CODE_RE } from '../domain/draw';
import { maskIdNumber } from '../domain/id-number';
import { allocate, compareBytes } from '../domain/quotas';
import type { AllocationView, CandidateView } from './dto/advancement-views.dto';

export type { AllocationView, CandidateView };
import { districtsWithIds, findDistrict, participatingSchools } from '../registry/find-registry';
import { Allocation, AllocationUnit, Draw, Recommendation, TargetRound } from './advancement.entity';
import { CreateAllocationDto, RecommendDto } from './dto/advancement.dto';
import { sql } from '../database/sql';
import { lockRow } from '../database/row-lock';

export const PREVIOUS_ROUND: Record<TargetRound, 'preliminary' | 'semifinal'> = { semifinal: 'preliminary', final: 'semifinal' };

/** The column of round_entrants that names an entrant's unit in an allocation for `round`. */
export const UNIT_COLUMN: Record<TargetRound, 'school_id' | 'district_id'> = { semifinal: 'school_id', final: 'district_id' };

/** An allocation as the access policy sees it: its round, its district (semi-final), its units. */
export function allocationResource(a: Pick<Allocation, 'id' | 'round' | 'districtId' | 'units'>): Resource {
  return { round: a.round, districtId: a.districtId, unitIds: a.units.map((u) => u.unitId), label: `Allocation ${a.id}` };
}

@Injectable()
export class AdvancementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: NoticesService,
  ) {}

  // ------------------------------------------------------------------ lookups and scope

  async allocation(em: EntityManager, id: number): Promise<Allocation> {
    const a = await em.getRepository(Allocation).findOne({ where: { id } });
    if (!a) throw AppError.notFound('ALLOCATION_NOT_FOUND', 'Allocation', id);
    return a;
  }

  unitOf(a: Allocation, unitId: number): AllocationUnit & { recommended: number; drawn: number; places: number } {
    const i = a.units.findIndex((u) => u.unitId === unitId);
    if (i < 0) throw new AppError('NOT_FOUND', `Unit ${unitId} is not part of allocation ${a.id}`);
    const r = a.report.units[i];
    return { ...a.units[i], recommended: r.recommended, drawn: r.drawn, places: r.places };
  }

  // ------------------------------------------------------------------ allocation

  /** Units and their n for a scope; refuses while the lists (semi-final) or draws (final) are incomplete. */
  private async unitsFor(em: EntityManager, contestId: number, round: TargetRound, districtId: number | null): Promise<{ units: AllocationUnit[]; counts: number[] }> {
    if (round === 'semifinal') {
      const schools = (await participatingSchools(em, districtId!)).sort((x, y) => compareBytes(x.code, y.code));
      const ids = schools.map((s) => s.id);
      const withTeachers = new Set<number>();
      const submitted = new Set<number>();
      if (ids.length) {
        const marks = ids.map(() => '?').join(',');
        for (const r of await sql(em, `SELECT DISTINCT school_id AS id FROM teachers WHERE school_id IN (${marks})`, ids)) withTeachers.add(Number(r.id));
        for (const r of await sql(em, `SELECT school_id AS id FROM entrant_lists WHERE contest_id = ? AND state = 'submitted' AND school_id IN (${marks})`, [contestId, ...ids])) {
          submitted.add(Number(r.id));
        }
      }
      const taking = schools.filter((s) => withTeachers.has(s.id));
      const missing = taking.filter((s) => !submitted.has(s.id));
      if (missing.length) {
        throw new AppError(
          'LISTS_NOT_SUBMITTED',
          `${missing.length} school(s) have not submitted their preliminary list: ${missing.map((s) => s.code).join(', ')}`,
          missing.map((s) => ({ field: `schools.${s.id}`, rule: 'list-submitted', message: `${s.code} ${s.name} has not submitted its list`, messageZh: `${s.name}尚未提交初赛名单` })),
        );
      }
      // RULES §6: every preliminary list of the district's schools is final (announced, window closed, objections resolved).
      await this.notices.assertListsFinal(
        em,
        contestId,
        'preliminary',
        taking.map((s) => ({ scopeKey: `school:${s.id}`, label: `${s.code} ${s.name}` })),
        `The semi-final allocation of district ${districtId}`,
      );
      const counts = await this.countBy(em, contestId, 'preliminary', 'school_id', 'district_id', districtId!);
      return { units: taking.map((s) => ({ unitId: s.id, code: s.code, name: s.name })), counts: taking.map((s) => counts.get(s.id) ?? 0) };
    }
    const withEntrants: number[] = (
      await sql<{ id: unknown }>(em, `SELECT DISTINCT district_id AS id FROM round_entrants WHERE contest_id = ? AND round = 'preliminary'`, [contestId])
    ).map((r) => Number(r.id));
    const published = new Set<number>(
      (
        await sql<{ id: unknown }>(
          em,
          `SELECT a.district_id AS id FROM adv_allocations a JOIN adv_draws d ON d.allocation_id = a.id WHERE a.contest_id = ? AND a.round = 'semifinal' AND d.state = 'published'`,
          [contestId],
        )
      ).map((r) => Number(r.id)),
    );
    // A district the city left out explicitly (no semi-final at all) neither blocks nor takes part.
    const excluded = await this.notices.excludedDistricts(em, contestId);
    const taking = withEntrants.filter((id) => !excluded.has(id));
    const districts = (await districtsWithIds(em, taking)).sort((x, y) => compareBytes(x.code, y.code));
    const missing = districts.filter((d) => !published.has(d.id));
    if (missing.length) {
      throw new AppError(
        'DRAWS_NOT_PUBLISHED',
        `${missing.length} district(s) have not published their semi-final draw: ${missing.map((d) => d.code).join(', ')}`,
        missing.map((d) => ({ field: `districts.${d.id}`, rule: 'draw-published', message: `${d.code} ${d.name} has not published its semi-final draw`, messageZh: `${d.name}尚未公布复赛抽签结果` })),
      );
    }
    // RULES §6: every district's semi-finalist list is final.
    await this.notices.assertListsFinal(
      em,
      contestId,
      'semifinalists',
      districts.map((d) => ({ scopeKey: `district:${d.id}`, label: `${d.code} ${d.name}` })),
      "The final's allocation",
    );
    const counts = new Map<number, number>();
    for (const r of await sql(em, `SELECT district_id AS unit, COUNT(*) AS n FROM round_entrants WHERE contest_id = ? AND round = 'semifinal' AND status = 'active' GROUP BY district_id`, [contestId])) {
      counts.set(Number(r.unit), Number(r.n));
    }
    return { units: districts.map((d) => ({ unitId: d.id, code: d.code, name: d.name })), counts: districts.map((d) => counts.get(d.id) ?? 0) };
  }

  /**
   * Active entrants per unit. The unit ids are read and counted here rather than with GROUP BY:
   * SQLite would otherwise walk the (contest, round, school) index over the whole round to
   * avoid a sort, instead of the (contest, round, district) index over one district.
   */
  private async countBy(em: EntityManager, contestId: number, round: string, unitCol: string, scopeCol: string, scopeId: number): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    const rows: { unit: unknown }[] = await sql(em, `SELECT ${unitCol} AS unit FROM round_entrants WHERE contest_id = ? AND round = ? AND ${scopeCol} = ? AND status = 'active'`, [contestId, round, scopeId]);
    for (const r of rows) {
      const u = Number(r.unit);
      out.set(u, (out.get(u) ?? 0) + 1);
    }
    return out;
  }

  async createAllocation(user: AuthUser, contestId: number, dto: CreateAllocationDto): Promise<AllocationView> {
    const scope = { round: dto.round, districtId: dto.round === 'semifinal' ? (dto.districtId ?? null) : null };
    if (dto.round === 'semifinal' && scope.districtId === null) {
      throw AppError.field('VALIDATION_FAILED', 'districtId', 'required', 'districtId is required for a semi-final allocation');
    }
    assertCan(user, 'allocation.create', scope);
    const today = this.clock.today();
    if (dto.recommendationDeadline < today) {
      throw AppError.field('INVALID_ALLOCATION', 'recommendationDeadline', 'not-past', `The deadline ${dto.recommendationDeadline} is before today (${today})`);
    }
    return this.tx.run(async (em) => {
      // The contest's row first (no key update: it does not hold up other writes that refer to
      // the contest): a second creation for the same scope waits, then updates the first one's.
      await lockRow(em, 'contests', contestId, 'no-key-update');
      const contest = await findContest(em, contestId);
      if (scope.districtId !== null) await findDistrict(em, scope.districtId);
      const scopeKey = scope.districtId !== null ? `district:${scope.districtId}` : 'city';
      const { units, counts } = await this.unitsFor(em, contestId, dto.round, scope.districtId);
      const bad = units.find((u) => !CODE_RE.test(u.code));
      if (bad) throw AppError.field('INVALID_ALLOCATION', 'units', 'code', `Unit code ${JSON.stringify(bad.code)} is not ASCII [A-Za-z0-9_-]`);
      const rates = contest.advancement[dto.round];
      const report = allocate({ rate: rates.rate, recommendedShare: rates.recommendedShare, units: units.map((u, i) => ({ code: u.code, entrants: counts[i] })) });
      const repo = em.getRepository(Allocation);
      const existing = await repo.findOne({ where: { contestId, round: dto.round, scopeKey } });
      const now = this.clock.nowIso();
      if (existing) {
        // A recommendation or a freeze holds the allocation's row: wait for it, then see it.
        await lockRow(em, 'adv_allocations', existing.id);
        await this.assertNotFrozen(em, existing);
        const before = { ...existing };
        Object.assign(existing, { report, units, recommendationDeadline: dto.recommendationDeadline, createdBy: user.username, updatedAt: now });
        await repo.save(existing);
        await this.audit.append(em, { actor: user, action: 'allocation.update', entityType: 'allocation', entityId: existing.id, before, after: existing });
        return this.view(em, existing);
      }
      const a = repo.create({ contestId, round: dto.round, scopeKey, districtId: scope.districtId, report, units, recommendationDeadline: dto.recommendationDeadline, createdBy: user.username, createdAt: now, updatedAt: now });
      a.id = (await repo.insert(a)).identifiers[0].id as number;
      await this.audit.append(em, { actor: user, action: 'allocation.create', entityType: 'allocation', entityId: a.id, after: a });
      return this.view(em, a);
    });
  }

  private async assertNotFrozen(em: EntityManager, a: Allocation): Promise<void> {
    const recs = await em.getRepository(Recommendation).count({ where: { allocationId: a.id } });
    const draw = await em.getRepository(Draw).exists({ where: { allocationId: a.id } });
    if (recs > 0 || draw) throw new AppError('ALLOCATION_FROZEN', `Allocation ${a.id} is frozen: recommendations have started`);
  }

  async list(user: AuthUser, contestId: number): Promise<AllocationView[]> {
    const em = this.dataSource.manager;
    await findContest(em, contestId);
    const all = await em.getRepository(Allocation).find({ where: { contestId }, order: { id: 'ASC' } });
    const out: AllocationView[] = [];
    for (const a of all) if (can(user, 'allocation.read', allocationResource(a))) out.push(await this.view(em, a));
    return out;
  }

  async get(user: AuthUser, id: number): Promise<AllocationView> {
    const em = this.dataSource.manager;
    const a = await this.allocation(em, id);
    assertCan(user, 'allocation.read', allocationResource(a));
    return this.view(em, a);
  }

  /** How many entrants each unit of an allocation has recommended so far. */
  async recommendedCounts(em: EntityManager, allocationId: number): Promise<Map<number, number>> {
    const rows = await sql<{ unit: unknown; n: unknown }>(em, 'SELECT unit_id AS unit, COUNT(*) AS n FROM adv_recommendations WHERE allocation_id = ? GROUP BY unit_id', [allocationId]);
    return new Map(rows.map((r) => [Number(r.unit), Number(r.n)]));
  }

  async view(em: EntityManager, a: Allocation): Promise<AllocationView> {
    const byUnit = await this.recommendedCounts(em, a.id);
    const draw = await em.getRepository(Draw).findOne({ where: { allocationId: a.id }, select: { id: true, state: true } });
    const { units: reportUnits, ...totals } = a.report;
    return {
      id: a.id,
      contestId: a.contestId,
      round: a.round,
      districtId: a.districtId,
      recommendationDeadline: a.recommendationDeadline,
      deadlinePassed: this.clock.today() > a.recommendationDeadline,
      frozen: byUnit.size > 0 || !!draw,
      draw: draw ? { id: draw.id, state: draw.state } : null,
      totals,
      units: a.units.map((u, i) => ({ unitId: u.unitId, name: u.name, ...reportUnits[i], recommendedSoFar: byUnit.get(u.unitId) ?? 0 })),
      createdBy: a.createdBy,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    };
  }

  // ------------------------------------------------------------------ recommendations

  /** The unit's entrants of the previous round, with took-part and recommended marks. */
  async candidates(user: AuthUser, allocationId: number, unitId: number): Promise<CandidateView[]> {
    const em = this.dataSource.manager;
    const a = await this.allocation(em, allocationId);
    assertCan(user, 'allocation.read', allocationResource(a));
    this.unitOf(a, unitId);
    assertCan(user, 'allocation.candidates', { ...allocationResource(a), unitId });
    const prev = PREVIOUS_ROUND[a.round];
    const rows = await sql(em, `SELECT e.id, e.code, e.status, e.subject, e.group_code AS "groupCode", e.school_id AS "schoolId", e.district_id AS "districtId",
                t.name, t.id_number AS "idNumber", r.total, (SELECT COUNT(*) FROM adv_recommendations x WHERE x.allocation_id = ? AND x.entrant_id = e.id) AS rec
           FROM round_entrants e JOIN teachers t ON t.id = e.teacher_id ${resultJoinSql('e', 'r')}
          WHERE e.contest_id = ? AND e.round = ? AND e.${UNIT_COLUMN[a.round]} = ? ORDER BY e.code`, [a.id, a.contestId, prev, unitId]);
    return rows.map((r: Record<string, unknown>) => ({
      entrantId: Number(r.id),
      code: String(r.code),
      name: String(r.name),
      idNumber: can(user, 'teacher.idNumber.full', { schoolId: Number(r.schoolId), districtId: Number(r.districtId) }) ? String(r.idNumber) : maskIdNumber(String(r.idNumber)),
      subject: String(r.subject),
      groupCode: String(r.groupCode),
      status: String(r.status),
      tookPart: tookPart(r.total),
      total: r.total === null || r.total === undefined ? null : String(r.total),
      recommended: Number(r.rec) > 0,
    }));
  }

  /** Checks that entrants are active previous-round entrants of the unit who took part. */
  async checkEligible(em: EntityManager, a: Allocation, unitId: number, ids: number[], field: string): Promise<Map<number, { code: string }>> {
    const prev = PREVIOUS_ROUND[a.round];
    const out = new Map<number, { code: string }>();
    if (!ids.length) return out;
    const rows = await sql(em, `SELECT e.id, e.code, e.status, e.${UNIT_COLUMN[a.round]} AS unit, r.id AS result FROM round_entrants e ${resultJoinSql('e', 'r')}
          WHERE e.contest_id = ? AND e.round = ? AND e.id IN (${ids.map(() => '?').join(',')})`, [a.contestId, prev, ...ids]);
    const byId = new Map<number, Record<string, unknown>>(rows.map((r: Record<string, unknown>) => [Number(r.id), r]));
    const notInUnit: ErrorDetail[] = [];
    const notEligible: ErrorDetail[] = [];
    ids.forEach((id, i) => {
      const r = byId.get(id);
      const f = `${field}.${i}`;
      if (!r || Number(r.unit) !== unitId) notInUnit.push({ field: f, rule: 'in-unit', message: `Entrant ${id} is not a ${prev} entrant of unit ${unitId}`, messageZh: `第${i + 1}位不是本单位的选手` });
      else if (r.status !== 'active') notEligible.push({ field: f, rule: 'active', message: `Entrant ${String(r.code)} is ${String(r.status)}`, messageZh: `选手${String(r.code)}已退出或被取消资格` });
      else if (!tookPart(r.result)) notEligible.push({ field: f, rule: 'took-part', message: `Entrant ${String(r.code)} has no ${prev} result (did not take part)`, messageZh: `选手${String(r.code)}没有上一轮成绩（未参赛）` });
      else out.set(id, { code: String(r.code) });
    });
    if (notInUnit.length) throw new AppError('RECOMMENDATION_NOT_IN_UNIT', notInUnit[0].message, notInUnit);
    if (notEligible.length) throw new AppError('RECOMMENDATION_NOT_ELIGIBLE', notEligible[0].message, notEligible);
    return out;
  }

  /** The unit recommends exactly its r entrants (replacing its earlier choice) before the deadline and the freeze. */
  async recommend(user: AuthUser, allocationId: number, unitId: number, dto: RecommendDto): Promise<CandidateView[]> {
    await this.tx.run(async (em) => {
      // The allocation's row first: recommendations of one allocation and its freeze take turns.
      await lockRow(em, 'adv_allocations', allocationId);
      const a = await this.allocation(em, allocationId);
      const unit = this.unitOf(a, unitId);
      assertCan(user, 'allocation.recommend', { round: a.round, unitId });
      if (await em.getRepository(Draw).exists({ where: { allocationId } })) {
        throw new AppError('POOL_FROZEN', 'The pools are frozen: recommendations can no longer change');
      }
      const today = this.clock.today();
      if (today > a.recommendationDeadline) {
        throw new AppError('RECOMMENDATION_DEADLINE_PASSED', `The recommendation deadline ${a.recommendationDeadline} has passed (today ${today})`);
      }
      const seen = new Set<number>();
      dto.entrantIds.forEach((id, i) => {
        if (seen.has(id)) throw AppError.field('RECOMMENDATION_DUPLICATE', `entrantIds.${i}`, 'unique', `Entrant ${id} is listed twice`);
        seen.add(id);
      });
      if (dto.entrantIds.length !== unit.recommended) {
        const what = dto.entrantIds.length > unit.recommended ? 'Too many' : 'Too few';
        throw AppError.field(
          'RECOMMENDATION_COUNT',
          'entrantIds',
          'count',
          `${what} recommendations: ${unit.code} recommends exactly ${unit.recommended}, got ${dto.entrantIds.length}`,
        );
      }
      const codes = await this.checkEligible(em, a, unitId, dto.entrantIds, 'entrantIds');
      const repo = em.getRepository(Recommendation);
      const before = await repo.find({ where: { allocationId, unitId }, order: { id: 'ASC' } });
      await repo.delete({ allocationId, unitId });
      const now = this.clock.nowIso();
      if (dto.entrantIds.length) {
        await repo.insert(dto.entrantIds.map((entrantId) => ({ allocationId, unitId, entrantId, createdBy: user.username, createdAt: now })));
      }
      await this.audit.append(em, {
        actor: user,
        action: 'recommendation.set',
        entityType: 'allocation-unit',
        entityId: `${allocationId}:${unitId}`,
        before: before.length ? { entrantIds: before.map((r) => r.entrantId) } : null,
        after: { unit: unit.code, entrantIds: dto.entrantIds, codes: dto.entrantIds.map((id) => codes.get(id)!.code) },
      });
    });
    return this.candidates(user, allocationId, unitId);
  }
}
