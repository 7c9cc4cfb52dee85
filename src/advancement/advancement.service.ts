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
import { tookPart } from '../domain/took-part';
import { assertCan, can, Resource } from '../access';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NoticesService } from '../announcements/notices.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { findContest, lockContest } from '../contests/find-contest';
import { activeEntrantsPer, activeEntrantsPerSchoolOfDistrict, districtsWithEntrants, entrantsOfUnitWithTotals, entrantsWithResultMark } from '../contestants/find-entrants';
import { schoolsWithSubmittedList } from '../entrants/find-entrant-list';
import { Transactions } from '../database/transactions';
import { CODE_RE } from '../domain/draw';
import { maskIdNumber } from '../domain/id-number';
import { allocate, compareBytes } from '../domain/quotas';
import type { AllocationView, CandidateView } from './dto/advancement-views.dto';

export type { AllocationView, CandidateView };
import { districtsWithIds, findDistrict, participatingSchools, schoolsWithTeachers, teachersByIds } from '../registry/find-registry';
import { Allocation, AllocationUnit, Draw, Recommendation, TargetRound } from './advancement.entity';
import { CreateAllocationDto, RecommendDto } from './dto/advancement.dto';
import { sql } from '../database/sql';
import { lockRow } from '../database/row-lock';

export const PREVIOUS_ROUND: Record<TargetRound, 'preliminary' | 'semifinal'> = { semifinal: 'preliminary', final: 'semifinal' };

/** The kind of unit an allocation for `round` is made over. */
export const UNIT_OF: Record<TargetRound, 'school' | 'district'> = { semifinal: 'school', final: 'district' };

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
      const withTeachers = await schoolsWithTeachers(em, ids);
      const submitted = new Set<number>(ids.length ? await schoolsWithSubmittedList(em, contestId) : []);
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
      const counts = await activeEntrantsPerSchoolOfDistrict(em, contestId, 'preliminary', districtId!);
      return { units: taking.map((s) => ({ unitId: s.id, code: s.code, name: s.name })), counts: taking.map((s) => counts.get(s.id) ?? 0) };
    }
    const withEntrants = await districtsWithEntrants(em, contestId, 'preliminary');
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
    const counts = await activeEntrantsPer(em, 'district', contestId, 'semifinal');
    return { units: districts.map((d) => ({ unitId: d.id, code: d.code, name: d.name })), counts: districts.map((d) => counts.get(d.id) ?? 0) };
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
      await lockContest(em, contestId, 'no-key-update');
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
    // The unit's entrants (contestants), their teachers (registry) and the recommendations, put together here.
    const entrants = await entrantsOfUnitWithTotals(em, a.contestId, prev, UNIT_OF[a.round], unitId);
    const teachers = await teachersByIds(em, entrants.map((e) => e.teacherId));
    const recommended = new Set(
      (await sql<{ id: unknown }>(em, 'SELECT entrant_id AS id FROM adv_recommendations WHERE allocation_id = ?', [a.id])).map((r) => Number(r.id)),
    );
    return entrants.flatMap((e) => {
      const t = teachers.get(e.teacherId);
      if (!t) return [];
      return [{
        entrantId: e.id,
        code: e.code,
        name: String(t.name),
        idNumber: can(user, 'teacher.idNumber.full', { schoolId: e.schoolId, districtId: e.districtId }) ? String(t.idNumber) : maskIdNumber(String(t.idNumber)),
        subject: e.subject,
        groupCode: e.groupCode,
        status: e.status,
        tookPart: tookPart(e.total),
        total: e.total === null || e.total === undefined ? null : String(e.total),
        recommended: recommended.has(e.id),
      }];
    });
  }

  /** Checks that entrants are active previous-round entrants of the unit who took part. */
  async checkEligible(em: EntityManager, a: Allocation, unitId: number, ids: number[], field: string): Promise<Map<number, { code: string }>> {
    const prev = PREVIOUS_ROUND[a.round];
    const out = new Map<number, { code: string }>();
    if (!ids.length) return out;
    const byId = await entrantsWithResultMark(em, a.contestId, prev, UNIT_OF[a.round], ids);
    const notInUnit: ErrorDetail[] = [];
    const notEligible: ErrorDetail[] = [];
    ids.forEach((id, i) => {
      const r = byId.get(id);
      const f = `${field}.${i}`;
      if (!r || r.unitId !== unitId) notInUnit.push({ field: f, rule: 'in-unit', message: `Entrant ${id} is not a ${prev} entrant of unit ${unitId}`, messageZh: `第${i + 1}位不是本单位的选手` });
      else if (r.status !== 'active') notEligible.push({ field: f, rule: 'active', message: `Entrant ${r.code} is ${r.status}`, messageZh: `选手${String(r.code)}已退出或被取消资格` });
      else if (!tookPart(r.result)) notEligible.push({ field: f, rule: 'took-part', message: `Entrant ${r.code} has no ${prev} result (did not take part)`, messageZh: `选手${String(r.code)}没有上一轮成绩（未参赛）` });
      else out.set(id, { code: r.code });
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
