/**
 * A draw as organisers and the public read it: the draw, its record's exact text (organisers once
 * run, the public once published), the public list, and the advanced entrants of its scope.
 */
import { assertCan, can } from '../access';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { maskIdNumber } from '../domain/id-number';
import { Draw, Replacement } from './advancement.entity';
import { AdvancementService, allocationResource } from './advancement.service';
import { DrawsService, DrawView } from './draws.service';
import { sql } from '../database/sql';
import { contestsWithIds } from '../contests/find-contest';

@Injectable()
export class DrawRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly adv: AdvancementService,
    private readonly draws: DrawsService,
  ) {}

  async get(user: AuthUser, id: number): Promise<DrawView> {
    const d = await this.draws.draw(this.dataSource.manager, id, { pool: true });
    const a = await this.adv.allocation(this.dataSource.manager, d.allocationId);
    assertCan(user, 'allocation.read', allocationResource(a));
    return this.draws.view(d, true);
  }

  /** The record's exact text (organisers: once run; the public: once published). */
  async recordOf(id: number, user: AuthUser | null): Promise<{ text: string; filename: string }> {
    const d = await this.draws.draw(this.dataSource.manager, id, { record: true });
    if (user) {
      const a = await this.adv.allocation(this.dataSource.manager, d.allocationId);
      assertCan(user, 'allocation.read', allocationResource(a));
    }
    const visible = user ? d.record !== null : d.state === 'published';
    if (!visible) throw new AppError('DRAW_WRONG_STATE', `Draw ${d.id} is ${d.state}: its record is not published yet`);
    return { text: d.record!, filename: `draw-${d.round}-${d.scopeKey.replace(':', '-')}-${d.id}.json` };
  }

  /** Public list of draws (every state), newest first. */
  async publicList(): Promise<DrawView[]> {
    const all = await this.dataSource.getRepository(Draw).find({ order: { id: 'DESC' }, select: this.draws.columns({}) });
    return this.withContestNames(all.map((d) => this.draws.view(d, false)));
  }

  async publicGet(id: number): Promise<DrawView> {
    return (await this.withContestNames([this.draws.view(await this.draws.draw(this.dataSource.manager, id), false)]))[0];
  }

  /** The public views name their contest (one read of the contests concerned). */
  private async withContestNames(views: DrawView[]): Promise<DrawView[]> {
    const names = new Map((await contestsWithIds(this.dataSource.manager, [...new Set(views.map((v) => v.contestId))])).map((c) => [c.id, c.name]));
    return views.map((v) => ({ ...v, contestName: names.get(v.contestId) }));
  }

  /** The advanced entrants of a draw's scope (public: masked ID numbers), marked 推荐/抽取/递补, withdrawn ones included. */
  async advanced(id: number, user: AuthUser | null): Promise<AdvancedView[]> {
    const em = this.dataSource.manager;
    const d = await this.draws.draw(em, id);
    if (!user && d.state !== 'published') throw new AppError('DRAW_WRONG_STATE', `Draw ${d.id} is ${d.state}: its list is not published yet`);
    const a = await this.adv.allocation(em, d.allocationId);
    if (user) assertCan(user, 'allocation.read', allocationResource(a));
    const scope = a.round === 'semifinal' ? 'AND e.district_id = ?' : '';
    const params: unknown[] = [d.contestId, d.round];
    if (a.round === 'semifinal') params.push(a.districtId);
    const rows = await sql(em, `SELECT e.id, e.code, e.source, e.status, e.subject, e.group_code AS "groupCode", e.school_id AS "schoolId", e.district_id AS "districtId",
                t.name, t.id_number AS "idNumber", s.name AS "schoolName", di.name AS "districtName"
           FROM round_entrants e JOIN teachers t ON t.id = e.teacher_id JOIN schools s ON s.id = e.school_id JOIN districts di ON di.id = e.district_id
          WHERE e.contest_id = ? AND e.round = ? ${scope} ORDER BY e.code`, params);
    const reps = await em.getRepository(Replacement).find({ where: { drawId: d.id } });
    const replaced = new Map<number, Replacement>();
    const withdrawn = new Map<number, Replacement>();
    for (const r of reps) {
      withdrawn.set(r.withdrawnEntrantId, r);
      if (r.replacementEntrantId) replaced.set(r.replacementEntrantId, r);
    }
    const codeById = new Map<number, string>(rows.map((r: Record<string, unknown>) => [Number(r.id), String(r.code)]));
    const unitCol = a.round === 'semifinal' ? 'schoolId' : 'districtId';
    const unitCode = new Map(a.units.map((u) => [u.unitId, u.code]));
    return rows.map((r: Record<string, unknown>) => {
      const full = can(user, 'teacher.idNumber.full', { schoolId: Number(r.schoolId), districtId: Number(r.districtId) });
      const w = withdrawn.get(Number(r.id));
      const rep = replaced.get(Number(r.id));
      return {
        entrantId: Number(r.id),
        code: String(r.code),
        unitCode: unitCode.get(Number(r[unitCol])) ?? '',
        name: String(r.name),
        idNumber: full ? String(r.idNumber) : maskIdNumber(String(r.idNumber)),
        schoolName: String(r.schoolName),
        districtName: String(r.districtName),
        subject: String(r.subject),
        groupCode: String(r.groupCode),
        source: String(r.source),
        status: String(r.status),
        withdrawal: w ? { kind: w.kind, reason: w.reason, at: w.withdrawnAt, place: w.place, deadline: w.deadline, replacementId: w.id, filled: w.replacementEntrantId !== null } : null,
        replaces: rep ? (codeById.get(rep.withdrawnEntrantId) ?? null) : null,
      };
    });
  }
}

export interface AdvancedView {
  entrantId: number;
  code: string;
  unitCode: string;
  name: string;
  idNumber: string;
  schoolName: string;
  districtName: string;
  subject: string;
  groupCode: string;
  source: string;
  status: string;
  withdrawal: { kind: string; reason: string; at: string; place: string; deadline: string | null; replacementId: number; filled: boolean } | null;
  replaces: string | null;
}
