/**
 * The demo's planned preliminary: a second school of the demo's last district submits its list
 * and plans its preliminary (a panel per subject × group, one session each, from the service's
 * today within the round's dates), judge4, judge5 and a judge account the school creates
 * (judge6) form its pool and are assigned automatically; the school's clerk prints the judge cards from the planning page.
 * Past the round's last day the scoring dates are extended to today, so the demo can be scored.
 */
import { contestByCode, findRound } from '../contests/find-contest';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Account } from '../auth/account.entity';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/roles';
import { DEMO_PASSWORD } from '../demo/demo-data';
import { EntrantListsService } from '../entrants/entrant-lists.service';
import { schoolsWithList } from '../entrants/find-entrant-list';
import { districtSeatSchoolIds } from '../registry/find-registry';
import { JudgePoolsService } from './judge-pools.service';
import { PlanningService } from './planning.service';

export interface DemoPlanning {
  school: string;
  clerk: string;
  panels: number;
  seated: number;
  cardsUrl: string;
}

const TIMES = ['08:30', '10:30', '14:00', '16:00'];

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

@Injectable()
export class PlanningDemo {
  private readonly logger = new Logger('Demo');
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly lists: EntrantListsService,
    private readonly planning: PlanningService,
    private readonly pools: JudgePoolsService,
  ) {}

  async seed(accounts: Account[], year: number): Promise<DemoPlanning | null> {
    const contest = await contestByCode(this.ds.manager, `C${year}`);
    if (!contest) return null;
    const round = await findRound(this.ds.manager, contest.id, 'preliminary');
    const today = this.clock.today();
    if (!round || !round.startsOn || today > round.deadline) {
      this.logger.log('Demo planned preliminary skipped: the preliminary deadline has passed');
      return null;
    }
    const judges = accounts.filter((a) => a.role === 'judge');
    const judgeSchools = new Set(judges.map((a) => a.schoolId));
    const lastDistrict = Math.max(...accounts.map((a) => a.districtId ?? 0));
    // Not a school the demo has already used (its list submitted, its hand-made panel).
    const taken = await schoolsWithList(this.ds.manager, contest.id);
    const seat = await districtSeatSchoolIds(this.ds.manager);
    const clerk = accounts.find(
      (a) => a.role === 'school_admin' && a.districtId === lastDistrict && !judgeSchools.has(a.schoolId) && !seat.has(a.schoolId!) && !taken.has(a.schoolId!),
    );
    if (!clerk) return null;
    const user: AuthUser = { id: clerk.id, username: clerk.username, role: clerk.role, displayName: clerk.displayName, districtId: clerk.districtId, schoolId: clerk.schoolId };
    const schoolId = clerk.schoolId!;
    await this.lists.submit(user, contest.id, schoolId);

    // Sessions from today (or the round's first day) on, four a day, within the round's dates.
    const end = round.endsOn ?? round.startsOn;
    let day = today >= round.startsOn && today <= end ? today : round.startsOn;
    const sessions: { date: string; time: string }[] = [];
    while (day <= end && sessions.length < 40) {
      for (const time of TIMES) sessions.push({ date: day, time });
      day = addDays(day, 1);
    }
    const scope = { contestId: contest.id, round: 'preliminary' as const, schoolId };
    const preview = await this.planning.preview(user, { ...scope, maxPanelSize: 20, sessions, rooms: ['第一考场'] });
    const needed = sessions.slice(0, Math.max(1, preview.panels.length));
    const accepted = await this.planning.accept(user, { ...scope, maxPanelSize: 20, sessions: needed, rooms: ['第一考场'] });
    // Its pool: judge4 and judge5 (judge1–3 sit on the demo's other panel) and judge6, a judge
    // account the school creates for its own preliminary.
    const pool = judges.filter((j) => j.username === 'judge4' || j.username === 'judge5');
    if (pool.length) await this.pools.addAccounts(user, { ...scope, accountIds: pool.map((j) => j.id) });
    await this.pools.createJudge(user, { ...scope, username: 'judge6', displayName: '评委6', password: DEMO_PASSWORD });
    const assigned = await this.pools.autoAssign(user, scope);
    if (today > end) await this.planning.extendScoring(user, { ...scope, until: today, reason: '演示数据：评分日期延至今天' });
    const school = clerk.displayName.replace(/管理员$/, '');
    const cardsUrl = `/judge-cards.html?contestId=${contest.id}&round=preliminary&schoolId=${schoolId}`;
    this.logger.log(`Demo planned preliminary: ${school}, ${accepted.panels.length} panels, ${assigned.seated} judge seats; cards for ${clerk.username}: ${cardsUrl}`);
    return { school, clerk: clerk.username, panels: accepted.panels.length, seated: assigned.seated, cardsUrl };
  }
}
