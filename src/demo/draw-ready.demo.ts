/**
 * The demo's district ready for its semi-final draw ceremony on the day of the first start: every
 * school of the second district (宿豫区, login district2) submitted and announced its preliminary
 * list long enough ago for the lists to be final, its preliminary was scored on the tablet sheets
 * by three judges of other districts (judge7–judge9) and locked, the district allocated the
 * semi-final places and every school recommended its best scorers, so district2 opens
 * /draw.html and runs the ceremony (freeze, announce, entropy, run, publish) at once.
 *
 * Every step goes through the services the pages call, with the clock pinned (atInstant) to the
 * day it would have happened: the lists on the last day whose announcement window closed before
 * today, the scoring the next day (not before the round's first day), the allocation and the
 * recommendations today.
 */
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { AdvancementService } from '../advancement/advancement.service';
import { AnnouncementListsService } from '../announcements/announcement-lists.service';
import type { Account } from '../auth/account.entity';
import { accountByUsername, schoolAdminsOfDistrict } from '../auth/find-account';
import { AccountsService } from '../auth/accounts.service';
import { atInstant, Clock } from '../common/clock';
import { AuthUser } from '../common/roles';
import { activeEntrantsOfSchool } from '../contestants/find-entrants';
import { contestByCode, findRound } from '../contests/find-contest';
import { addDays, contestCalendar, DEFAULT_WINDOW_DAYS, endOfDayInstant, noticeWindow } from '../domain/working-days';
import { EntrantListsService } from '../entrants/entrant-lists.service';
import { PanelsService } from '../judging/panels.service';
import { ResultsService } from '../judging/results.service';
import { ScoresService } from '../judging/scores.service';
import { findDistrict, participatingSchools, schoolsInOrder } from '../registry/find-registry';
import { DEMO_PASSWORD } from './demo-data';

export interface DemoDrawReady {
  /** The district officer's login (district2). */
  login: string;
  district: string;
  allocationId: number;
  schools: number;
  entrants: number;
  recommended: number;
  drawn: number;
}

/** The judges of the ready district's preliminary: accounts of schools of the other districts. */
export const DRAW_READY_JUDGES = ['judge7', 'judge8', 'judge9'];

function toUser(a: Account): AuthUser {
  return { id: a.id, username: a.username, role: a.role, displayName: a.displayName, districtId: a.districtId, schoolId: a.schoolId };
}

/** A deterministic fraction 0.60–0.98 of an item's points, on half points. */
function demoScore(seed: string, points: number): number {
  const x = createHash('sha256').update(seed).digest().readUInt32BE(0);
  const f = 0.6 + (x % 39) / 100;
  return Math.min(points, Math.round(points * f * 2) / 2);
}

@Injectable()
export class DrawReadyDemo {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly lists: EntrantListsService,
    private readonly announcements: AnnouncementListsService,
    private readonly panels: PanelsService,
    private readonly scores: ScoresService,
    private readonly results: ResultsService,
    private readonly advancement: AdvancementService,
  ) {}

  /** `actor`: the demo seed; `districtLogin`: the officer of the district to make ready. */
  async seed(actor: string, contestCode: string, districtLogin = 'district2'): Promise<DemoDrawReady | null> {
    const started = Date.now();
    const em = this.ds.manager;
    const contest = await contestByCode(em, contestCode);
    const officer = await accountByUsername(em, districtLogin);
    if (!contest || !officer?.districtId) return null;
    const district = await findDistrict(em, officer.districtId);
    const round = await findRound(em, contest.id, 'preliminary');
    if (!round?.startsOn) return null;
    const schools = await participatingSchools(em, district.id);
    const clerks = new Map<number, Account>();
    for (const a of await schoolAdminsOfDistrict(em, district.id)) if (a.schoolId) clerks.set(a.schoolId, a);
    const taking = schools.filter((s) => clerks.has(s.id));

    // The day the lists were announced: the last one whose window closed before today.
    const today = this.clock.today();
    const days = contest.settings?.announcement?.workingDays ?? DEFAULT_WINDOW_DAYS;
    const calendar = contestCalendar(contest.holidays ?? []);
    let listsDay = addDays(today, -days);
    while (noticeWindow(listsDay, days, calendar).closes >= today) listsDay = addDays(listsDay, -1);
    const at = (day: string, hour: number, minute = 0) => new Date(endOfDayInstant(addDays(day, -1), this.clock.timeZone).getTime() + (hour * 60 + minute) * 60_000);
    // Scoring the next day, within the round's dates and before today.
    let scoringDay = addDays(listsDay, 1);
    if (scoringDay < round.startsOn) scoringDay = round.startsOn;
    if (scoringDay >= today) scoringDay = today;

    // The schools submit and announce their lists.
    await atInstant(at(listsDay, 9), async () => {
      for (const s of taking) {
        const clerk = toUser(clerks.get(s.id)!);
        await this.lists.submit(clerk, contest.id, s.id);
        await this.announcements.publishPreliminary(clerk, contest.id, s.id, `${district.name}教育局教师发展中心（工作日 8:30—17:30）`);
      }
    });

    // Three judges from schools of the other districts.
    const others = await schoolsInOrder(em);
    const judgeSchools = [others.find((s) => s.districtId !== district.id && s.inDistrictSeat)!, ...others.filter((s) => s.districtId !== district.id && !s.inDistrictSeat).slice(-2)];
    const judges: AuthUser[] = [];
    for (const [k, username] of DRAW_READY_JUDGES.entries()) {
      const school = judgeSchools[k % judgeSchools.length];
      await this.accounts.create(actor, { username, password: DEMO_PASSWORD, role: 'judge', displayName: `评委${username.replace(/^judge/, '')}`, schoolId: school.id }, { demoPassword: true });
      const judge = await accountByUsername(em, username);
      if (!judge) throw new Error(`The demo judge ${username} was not stored`);
      judges.push(toUser(judge));
    }

    // Each school's preliminary: a panel per group, the three judges (judge7 heads), every
    // contestant scored and submitted by each judge, the panel locked and its results announced.
    let entrants = 0;
    await atInstant(at(scoringDay, 8), async () => {
      for (const s of taking) {
        const clerk = toUser(clerks.get(s.id)!);
        const rows = await activeEntrantsOfSchool(em, contest.id, 'preliminary', s.id);
        const groups = [...new Set(rows.map((e) => e.groupCode))].sort();
        for (const [k, group] of groups.entries()) {
          const members = rows.filter((e) => e.groupCode === group);
          const panel = await this.panels.create(clerk, { contestId: contest.id, code: `P-${s.code}-${k + 1}`, round: 'preliminary', groupCode: group, session: `第${k + 1}场`, schoolId: s.id });
          for (const [j, judge] of judges.entries()) await this.panels.addJudge(clerk, panel.id, { accountId: judge.id, isHead: j === 0 });
          await this.panels.addContestants(clerk, panel.id, { entrantIds: members.map((e) => e.id) });
          for (const judge of judges) {
            const mine = await this.scores.myPanel(judge, panel.id);
            for (const c of mine.contestants) {
              const scores = c.items.map((item, i) => demoScore(`${c.code}/${judge.username}/${i}`, item.points));
              await this.scores.enter(judge, panel.id, c.entrantId, { clientId: randomUUID(), scores, submit: true, baseVersion: c.version });
            }
          }
          await this.results.lock(clerk, panel.id);
          await this.results.announce(clerk, panel.id);
          entrants += members.length;
        }
      }
    });

    // Today: the district allocates the places (recommendations due in three days) and every
    // school recommends its best scorers.
    const allocation = await this.advancement.createAllocation(toUser(officer), contest.id, { round: 'semifinal', districtId: district.id, recommendationDeadline: addDays(today, 3) });
    for (const unit of allocation.units) {
      if (unit.recommended === 0) continue;
      const clerk = toUser(clerks.get(unit.unitId)!);
      const candidates = (await this.advancement.candidates(clerk, allocation.id, unit.unitId)).filter((c) => c.tookPart && c.status === 'active');
      const best = [...candidates].sort((x, y) => Number(y.total) - Number(x.total) || (x.code < y.code ? -1 : 1)).slice(0, unit.recommended);
      await this.advancement.recommend(clerk, allocation.id, unit.unitId, { entrantIds: best.map((c) => c.entrantId) });
    }
    this.logger.log(`Demo district ${district.name} ready for its draw ceremony (${districtLogin}) in ${Date.now() - started} ms`);
    return {
      login: districtLogin,
      district: district.name,
      allocationId: allocation.id,
      schools: taking.length,
      entrants,
      recommended: allocation.totals.recommended,
      drawn: allocation.totals.drawn,
    };
  }
}
