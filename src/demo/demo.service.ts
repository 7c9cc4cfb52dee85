import { Injectable, Logger } from '@nestjs/common';
import { contestByCode, findRound } from '../contests/find-contest';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnnouncementsDemo } from '../announcements/announcements.demo';
import type { Account } from '../auth/account.entity';
import { accountCount, allAccounts, schoolAdminOf } from '../auth/find-account';
import { AccountsService } from '../auth/accounts.service';
import { Clock } from '../common/clock';
import { Role } from '../common/roles';
import { activeEntrantsOfSchool } from '../contestants/find-entrants';
import type { RoundEntrant } from '../contestants/round-entrant.entity';
import { ContestsService } from '../contests/contests.service';
import { AwardsDemo, AwardsDemoSummary } from '../awards/awards.demo';
import { Transactions } from '../database/transactions';
import { underStartupLock } from '../database/startup-lock';
import type { GroupCode } from '../domain/preset';
import { EntrantListsService } from '../entrants/entrant-lists.service';
import { PanelsService } from '../judging/panels.service';
import { PlanningDemo } from '../planning/planning.demo';
import { CityService } from '../registry/city.service';
import { districtCount, districtSeatSchoolIds, districtsInOrder, participatingSchools } from '../registry/find-registry';
import { schoolsWithList } from '../entrants/find-entrant-list';
import { schoolsWithNotice } from '../announcements/find-notices';
import { DistrictsService } from '../registry/districts.service';
import { SchoolsService } from '../registry/schools.service';
import { TeachersService } from '../registry/teachers.service';
import { DEMO_PASSWORD, demoData } from './demo-data';
import { DemoDrawReady, DrawReadyDemo } from './draw-ready.demo';

export const DEMO_ACTOR = 'system:demo-seed';

export interface DemoLogin {
  username: string;
  role: Role;
}

export interface DemoSummary {
  /** true: loaded now; false: the demo data was already there. */
  seededNow: boolean;
  password: string;
  logins: DemoLogin[];
  counts?: { districts: number; schools: number; teachers: number; accounts: number };
  /** The demo panel ready for the judges' tablet page (null: the preliminary deadline has passed). */
  panel?: DemoPanel | null;
  /** Last year's completed contest with its prizes, awards and certificates. */
  awards?: AwardsDemoSummary;
  /** The district whose officer can run the semi-final draw ceremony at once. */
  drawReady?: DemoDrawReady | null;
  /** A school whose preliminary list is open before its deadline. */
  openList?: { login: string; school: string; deadline: string } | null;
}

export interface DemoPanel {
  code: string;
  school: string;
  session: string;
  judges: string[];
  head: string;
  contestants: number;
}

/** How many contestants the demo panel gets. */
const DEMO_PANEL_SIZE = 6;

/**
 * Loads the demo contest into an EMPTY database (no district and no account), in one
 * transaction, through the same services (and audit log) as the API.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly city: CityService,
    private readonly districts: DistrictsService,
    private readonly schools: SchoolsService,
    private readonly teachers: TeachersService,
    private readonly accounts: AccountsService,
    private readonly contests: ContestsService,
    private readonly lists: EntrantListsService,
    private readonly panels: PanelsService,
    private readonly planningDemo: PlanningDemo,
    private readonly announcements: AnnouncementsDemo,
    private readonly awardsDemo: AwardsDemo,
    private readonly drawReadyDemo: DrawReadyDemo,
  ) {}

  async isEmpty(): Promise<boolean> {
    const districts = await districtCount(this.dataSource.manager);
    const accounts = await accountCount(this.dataSource.manager);
    return districts === 0 && accounts === 0;
  }

  /** Seeds when the database is empty; describes the demo logins when they exist. */
  async seedIfEmpty(): Promise<DemoSummary | null> {
    // Instances starting together on one PostgreSQL database take turns: the second finds it seeded.
    return underStartupLock(this.dataSource, 'demo-seed', async () => ((await this.isEmpty()) ? this.seed() : this.describe()));
  }

  /** The demo logins, when the demo's city account is present (null otherwise). */
  async describe(): Promise<DemoSummary | null> {
    const accounts = await allAccounts(this.dataSource.manager);
    if (!accounts.some((a) => a.username === 'city')) return null;
    return { seededNow: false, password: DEMO_PASSWORD, logins: this.loginsOf(accounts) };
  }

  async seed(): Promise<DemoSummary> {
    const year = Number(this.clock.today().slice(0, 4));
    const data = demoData(year);
    const started = Date.now();
    // The demo's accounts: one city admin, one per district and school, five judges.
    const accountPlans: { username: string; role: Role; displayName: string; districtCode?: string; schoolCode?: string }[] = [
      { username: 'city', role: 'city_admin', displayName: `${data.city.name}教育局管理员` },
      ...data.districts.map((d, i) => ({
        username: `district${i + 1}`,
        role: 'district_admin' as const,
        displayName: `${d.name}教育局管理员`,
        districtCode: d.code,
      })),
      ...data.schools.map((s) => ({
        username: `school-${s.code}`,
        role: 'school_admin' as const,
        displayName: `${s.name}管理员`,
        schoolCode: s.code,
      })),
      ...[1, 2, 3, 4, 5].map((n) => ({
        username: `judge${n}`,
        role: 'judge' as const,
        displayName: `评委${n}`,
        schoolCode: data.schools[(n * 7) % data.schools.length].code,
      })),
    ];

    await this.tx.run(async () => {
      await this.city.put(DEMO_ACTOR, data.city);
      const districtIds = new Map<string, number>();
      for (const d of data.districts) {
        districtIds.set(d.code, (await this.districts.create(DEMO_ACTOR, { code: d.code, name: d.name })).id);
      }
      const schoolIds = new Map<string, number>();
      for (const s of data.schools) {
        const { districtCode, ...rest } = s;
        schoolIds.set(s.code, (await this.schools.create(DEMO_ACTOR, { ...rest, districtId: districtIds.get(districtCode)! })).id);
      }
      for (const t of data.teachers) {
        const { schoolCode, ...rest } = t;
        await this.teachers.create(DEMO_ACTOR, { ...rest, schoolId: schoolIds.get(schoolCode)! });
      }
      for (const a of accountPlans) {
        await this.accounts.create(DEMO_ACTOR, {
          username: a.username,
          password: DEMO_PASSWORD,
          role: a.role,
          displayName: a.displayName,
          ...(a.districtCode && { districtId: districtIds.get(a.districtCode)! }),
          ...(a.schoolCode && { schoolId: schoolIds.get(a.schoolCode)! }),
        }, { demoPassword: true });
      }
    });
    // Last year's contest first, while it is the current one (its schools' lists are submitted then).
    const awards = await this.awardsDemo.seed(DEMO_ACTOR, year);
    await this.contests.create(DEMO_ACTOR, {
      code: `C${year}`,
      name: `${year}年全员培训·教学技能比赛`,
      year,
      holidays: demoHolidays(year),
      rounds: [
        ...demoRounds(this.clock.today()),
      ],
    });
    const accounts = await allAccounts(this.dataSource.manager);
    const panel = await this.seedPanel(accounts, year);
    await this.planningDemo.seed(accounts, year);
    const drawReady = await this.drawReadyDemo.seed(DEMO_ACTOR, `C${year}`, 'district2');
    const contest = await contestByCode(this.dataSource.manager, `C${year}`);
    if (!contest) throw new Error(`The demo contest C${year} is missing`);
    await this.announcements.seed(contest.id);
    const openList = await this.openList(year);
    this.logger.log(`Demo contest loaded in ${Date.now() - started} ms`);
    return {
      seededNow: true,
      panel,
      awards,
      drawReady,
      openList,
      password: DEMO_PASSWORD,
      logins: this.loginsOf(await allAccounts(this.dataSource.manager)),
      counts: {
        districts: data.districts.length,
        schools: data.schools.length,
        teachers: data.teachers.length,
        accounts: accountPlans.length,
      },
    };
  }

  /**
   * A preliminary panel ready for the tablet page: one school of the last district submits its
   * list (as its clerk would), and its panel gets judge1 (head), judge2 and judge3 (none from that
   * school) and the first contestants of its largest group, in that order. Through the same
   * services and audit log as the API; skipped, with a log line, once the preliminary deadline
   * has passed (the list can no longer be submitted).
   */
  private async seedPanel(accounts: Account[], year: number): Promise<DemoPanel | null> {
    const judges = ['judge1', 'judge2', 'judge3'].map((u) => accounts.find((a) => a.username === u)!);
    const judgeSchools = new Set(accounts.filter((a) => a.role === 'judge').map((a) => a.schoolId));
    const lastDistrict = Math.max(...accounts.map((a) => a.districtId ?? 0));
    // A school whose teachers take part (not in the district seat) and no judge's school.
    const seatSchools = await districtSeatSchoolIds(this.dataSource.manager);
    const clerk = accounts.find(
      (a) => a.role === 'school_admin' && a.districtId === lastDistrict && !judgeSchools.has(a.schoolId) && !seatSchools.has(a.schoolId!),
    );
    const contest = await contestByCode(this.dataSource.manager, `C${year}`);
    if (!clerk || !contest) return null;
    const user = { id: clerk.id, username: clerk.username, role: clerk.role, displayName: clerk.displayName, districtId: clerk.districtId, schoolId: clerk.schoolId };
    const deadline = (await findRound(this.dataSource.manager, contest.id, 'preliminary'))?.deadline;
    if (deadline && this.clock.today() > deadline) {
      this.logger.log(`Demo panel skipped: the preliminary deadline ${deadline} has passed`);
      return null;
    }
    const schoolId = clerk.schoolId!;
    await this.lists.submit(user, contest.id, schoolId);
    const entrants = await activeEntrantsOfSchool(this.dataSource.manager, contest.id, 'preliminary', schoolId);
    const byGroup = new Map<GroupCode, RoundEntrant[]>();
    for (const e of entrants) byGroup.set(e.groupCode as GroupCode, [...(byGroup.get(e.groupCode as GroupCode) ?? []), e]);
    const largest = [...byGroup].sort((x, y) => y[1].length - x[1].length)[0];
    if (!largest) return null;
    const [groupCode, members] = largest;
    const session = '第一场（上午）';
    const created = await this.panels.create(user, { contestId: contest.id, code: `P-${clerk.username.replace(/^school-/, '')}-1`, round: 'preliminary', groupCode, session, schoolId });
    for (const [k, j] of judges.entries()) await this.panels.addJudge(user, created.id, { accountId: j.id, isHead: k === 0 });
    const chosen = members.slice(0, DEMO_PANEL_SIZE);
    await this.panels.addContestants(user, created.id, { entrantIds: chosen.map((e) => e.id) });
    return { code: created.code, school: clerk.displayName.replace(/管理员$/, ''), session, judges: judges.map((j) => j.username), head: judges[0].username, contestants: chosen.length };
  }

  /** The first school of the first district (not in the district seat) with no list and no notice yet. */
  private async openList(year: number): Promise<DemoSummary['openList']> {
    const em = this.dataSource.manager;
    const contest = await contestByCode(em, `C${year}`);
    if (!contest) return null;
    const [district] = await districtsInOrder(em);
    if (!district) return null;
    const used = await schoolsWithList(em, contest.id);
    for (const id of await schoolsWithNotice(em, contest.id)) used.add(id);
    const school = (await participatingSchools(em, district.id)).find((x) => !used.has(x.id));
    const account = school ? await schoolAdminOf(em, school.id) : null;
    const deadline = (await findRound(em, contest.id, 'preliminary'))?.deadline;
    return school && account && deadline ? { login: account.username, school: school.name, deadline } : null;
  }

  private loginsOf(accounts: Account[]): DemoLogin[] {
    return accounts.map((a) => ({ username: a.username, role: a.role }));
  }
}

/** A calendar date `days` after (or before) `ymd`, both 'YYYY-MM-DD'. */
function shiftDate(ymd: string, days: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The demo contest's rounds, relative to the day of the first start, so that every journey is ready
 * on whatever date the demo is loaded: the preliminary under way (its scoring days around today, the
 * schools' lists due in five days), the semi-final and the final in the coming weeks.
 */
export function demoRounds(today: string): { code: 'preliminary' | 'semifinal' | 'final'; startsOn: string; endsOn: string; deadline: string }[] {
  return [
    { code: 'preliminary', startsOn: shiftDate(today, -14), endsOn: shiftDate(today, 3), deadline: shiftDate(today, 5) },
    { code: 'semifinal', startsOn: shiftDate(today, 12), endsOn: shiftDate(today, 16), deadline: shiftDate(today, 19) },
    { code: 'final', startsOn: shiftDate(today, 26), endsOn: shiftDate(today, 30), deadline: shiftDate(today, 33) },
  ];
}

/**
 * A plausible holiday calendar for the demo: National Day week off, with the nearest weekend
 * days before and after it worked (调休), and New Year's Day. (A bureau enters the real one.)
 */
export function demoHolidays(year: number): { date: string; kind: 'holiday' | 'workday'; name: string }[] {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const out: { date: string; kind: 'holiday' | 'workday'; name: string }[] = [];
  for (let day = 1; day <= 7; day++) out.push({ date: `${year}-10-${String(day).padStart(2, '0')}`, kind: 'holiday', name: '国庆节' });
  // The last weekend day before 1 October and the first after 7 October are worked.
  const before = new Date(Date.UTC(year, 8, 30));
  while (before.getUTCDay() !== 0 && before.getUTCDay() !== 6) before.setUTCDate(before.getUTCDate() - 1);
  const after = new Date(Date.UTC(year, 9, 8));
  while (after.getUTCDay() !== 0 && after.getUTCDay() !== 6) after.setUTCDate(after.getUTCDate() + 1);
  out.push({ date: iso(before), kind: 'workday', name: '国庆节调休' });
  out.push({ date: iso(after), kind: 'workday', name: '国庆节调休' });
  out.push({ date: `${year + 1}-01-01`, kind: 'holiday', name: '元旦' });
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}
