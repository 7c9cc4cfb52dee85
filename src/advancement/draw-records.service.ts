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
import { roundListEntrants } from '../contestants/find-entrants';
import { districtNames, schoolNames, teachersByIds } from '../registry/find-registry';
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
    // The scope's entrants (contestants) with their teachers, schools and districts (registry), put together here.
    const entrants = await roundListEntrants(em, { contestId: d.contestId, round: d.round, ...(a.round === 'semifinal' && { districtId: a.districtId! }) });
    const teachers = await teachersByIds(em, entrants.map((e) => e.teacherId));
    const schools = await schoolNames(em, entrants.map((e) => e.schoolId));
    const districts = await districtNames(em, entrants.map((e) => e.districtId));
    const rows = entrants.flatMap((e) => {
      const t = teachers.get(e.teacherId);
      const schoolName = schools.get(e.schoolId);
      const districtName = districts.get(e.districtId);
      return t && schoolName !== undefined && districtName !== undefined ? [{ ...e, name: t.name, idNumber: t.idNumber, schoolName, districtName }] : [];
    });
    const reps = await em.getRepository(Replacement).find({ where: { drawId: d.id } });
    const replaced = new Map<number, Replacement>();
    const withdrawn = new Map<number, Replacement>();
    for (const r of reps) {
      withdrawn.set(r.withdrawnEntrantId, r);
      if (r.replacementEntrantId) replaced.set(r.replacementEntrantId, r);
    }
    const codeById = new Map<number, string>(rows.map((r) => [r.id, r.code]));
    const unitCol = a.round === 'semifinal' ? 'schoolId' : 'districtId';
    const unitCode = new Map(a.units.map((u) => [u.unitId, u.code]));
    return rows.map((r) => {
      const full = can(user, 'teacher.idNumber.full', { schoolId: r.schoolId, districtId: r.districtId });
      const w = withdrawn.get(r.id);
      const rep = replaced.get(r.id);
      return {
        entrantId: r.id,
        code: r.code,
        unitCode: unitCode.get(r[unitCol]) ?? '',
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
