/**
 * Score sheets: the round's base sheet, a school's own preliminary sheet (set until a judge has
 * scored on it), and the sheet an entrant is scored on.
 */
import { assertCan, can, schoolResource } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { findEntrant } from '../contestants/find-entrants';
import { findContest } from '../contests/find-contest';
import { schoolPreliminarySheet, SheetError } from '../domain/sheets';
import { findSchool } from '../registry/find-registry';
import { SchoolSheetDto, SheetQuery, SheetView } from './dto/judging.dto';
import { baseSheet, sheetForEntrant } from './judging.common';
import { Panel, PanelContestant, PanelJudge, SchoolSheet, ScoreSheet } from './judging.entity';

@Injectable()
export class SchoolSheetsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async baseSheetView(contestId: number, q: SheetQuery): Promise<SheetView> {
    const contest = await findContest(this.ds.manager, contestId);
    return { round: q.round, subject: q.subject ?? null, items: baseSheet(contest, q.round, q.subject) };
  }

  async schoolSheet(user: AuthUser, contestId: number, schoolId: number): Promise<SheetView & { own: boolean }> {
    const em = this.ds.manager;
    const contest = await findContest(em, contestId);
    assertCan(user, 'schoolSheet.read', schoolResource(await findSchool(em, schoolId)));
    const own = await em.getRepository(SchoolSheet).findOneBy({ contestId, schoolId });
    return { round: 'preliminary', schoolId, items: own ? own.items : baseSheet(contest, 'preliminary'), own: !!own };
  }

  async setSchoolSheet(user: AuthUser, contestId: number, schoolId: number, dto: SchoolSheetDto): Promise<SheetView & { own: boolean }> {
    return this.tx.run(async (em) => {
      const contest = await findContest(em, contestId);
      assertCan(user, 'schoolSheet.write', schoolResource(await findSchool(em, schoolId)));
      let items;
      try {
        items = schoolPreliminarySheet(baseSheet(contest, 'preliminary'), dto.added, dto.reweighted);
      } catch (e) {
        if (e instanceof SheetError) {
          throw new AppError('INVALID_SHEET', `The sheet is refused: ${e.message}`, e.problems.map((p) => ({ ...p })));
        }
        throw e;
      }
      const used = await em
        .getRepository(ScoreSheet)
        .createQueryBuilder('s')
        .innerJoin(Panel, 'p', 'p.id = s.panel_id')
        .where('p.contest_id = :contestId AND p.round = :round AND p.school_id = :schoolId', { contestId, round: 'preliminary', schoolId })
        .getCount();
      if (used > 0) throw new AppError('SHEET_IN_USE', 'Judges have already scored on this school’s sheet; it can no longer change');
      const repo = em.getRepository(SchoolSheet);
      const before = await repo.findOneBy({ contestId, schoolId });
      const now = this.clock.nowIso();
      const row = Object.assign(before ? { ...before } : { contestId, schoolId, createdAt: now }, {
        items,
        added: dto.added.map((a) => ({ key: a.key, name: a.name, points: a.points })),
        reweighted: dto.reweighted,
        updatedBy: user.username,
        updatedAt: now,
      }) as SchoolSheet;
      const saved = await repo.save(repo.create(row));
      await this.audit.append(em, { actor: user, action: 'school_sheet.set', entityType: 'school_sheet', entityId: saved.id, before, after: saved });
      return { round: 'preliminary' as const, schoolId, items, own: true };
    });
  }

  async entrantSheet(user: AuthUser, entrantId: number): Promise<SheetView> {
    const em = this.ds.manager;
    const entrant = await findEntrant(em, entrantId);
    if (!entrant) throw AppError.notFound('ENTRANT_NOT_FOUND', 'Entrant', entrantId);
    const seated = async () =>
      (await em
        .getRepository(PanelContestant)
        .createQueryBuilder('pc')
        .innerJoin(PanelJudge, 'pj', 'pj.panel_id = pc.panel_id')
        .where('pc.entrant_id = :entrantId AND pj.account_id = :judge', { entrantId, judge: user.id })
        .getCount()) > 0;
    const resource = { schoolId: entrant.schoolId, districtId: entrant.districtId, label: `Entrant ${entrantId}` };
    // Whether a judge sits on the entrant's panel is looked up only when nothing else opens it.
    if (!can(user, 'entrantSheet.read', resource)) assertCan(user, 'entrantSheet.read', { ...resource, callerSeated: await seated() });
    const contest = await findContest(em, entrant.contestId);
    return {
      round: entrant.round,
      schoolId: entrant.round === 'preliminary' ? entrant.schoolId : null,
      subject: entrant.subject,
      items: await sheetForEntrant(em, contest, entrant),
    };
  }
}
