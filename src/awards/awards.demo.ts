/**
 * The demo's completed past contest (last year's), built as the product would have built it that
 * autumn: every school of the demo submits and announces its preliminary list; each district
 * allocates the semi-final places once the lists are final, its schools recommend, and it runs
 * its draw ceremony (freeze, announce, entropy, run, publish) and announces its semi-finalists;
 * the city allocates the final's places, the districts recommend, the city runs the final's draw
 * and announces the finalists; the prizes and awards are computed, announced and finalised and the
 * certificates issued. Every step goes through the feature's own service with the clock pinned to
 * the day it would have happened (`atInstant`), so the draw records are genuine: the public draw
 * page and any verifier recompute them to MATCH. Called by the demo seed (src/demo/demo.service.ts)
 * while the past contest is still the current one (a school's list can only be submitted then).
 *
 * Judging is not replayed sheet by sheet: the minimum a locked, announced panel leaves behind (one
 * panel per school, district or the city, and a result per entrant, totals from a fixed seed) is
 * written directly.
 */
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import { AdvancementService } from '../advancement/advancement.service';
import { DrawsService } from '../advancement/draws.service';
import { AnnouncementListsService } from '../announcements/announcement-lists.service';
import type { Account } from '../auth/account.entity';
import { accountsWithRole } from '../auth/find-account';
import { atInstant, Clock } from '../common/clock';
import { AuthUser } from '../common/roles';
import { activeEntrants, insertRoundResults, NewRoundResult } from '../contestants/find-entrants';
import type { RoundEntrant } from '../contestants/round-entrant.entity';
import type { Contest } from '../contests/contest.entity';
import { ContestsService } from '../contests/contests.service';
import { findContest } from '../contests/find-contest';
import { Transactions } from '../database/transactions';
import { addDays, dayKind, DEFAULT_WINDOW_DAYS, endOfDayInstant, noticeWindow } from '../domain/working-days';
import { EntrantListsService } from '../entrants/entrant-lists.service';
import { insertLockedPanel } from '../judging/find-panels';
import { districtsInOrder, schoolsWithDistrict } from '../registry/find-registry';
import { AwardsPublicationService } from './awards-publication.service';
import { AwardsService } from './awards.service';

export interface AwardsDemoSummary {
  contestCode: string;
  certificates: number;
  /** One certificate number to try on the verification page. */
  example: string | null;
  /** The published draws of the past contest (three districts' semi-final draws and the city's final draw). */
  draws?: number[];
}

/** The entropy source of the past contest's draws (as a ceremony's witnesses would announce it). */
export const PAST_ENTROPY_SOURCE = { name: '现场见证人抽取的数字', description: '三名见证人各自抽取的三位数，按抽取顺序以空格分隔' };

/** A deterministic score in hundredths from 70.00 to 95.00, on half points (so that ties occur). */
function demoTotal(seed: string): number {
  const x = createHash('sha256').update(seed).digest().readUInt32BE(0);
  return 7000 + (x % 51) * 50;
}

/** Item statistics adding up to the total, in the sheet's proportions (the last item takes the rest). */
function items(total: number, points: number[]): number[] {
  const out = points.map((p) => Math.floor((total * p) / 100));
  out[out.length - 1] += total - out.reduce((s, x) => s + x, 0);
  return out;
}

/** Three three-digit numbers, as witnesses would draw them, fixed by the draw's scope (the demo is the same on every start). */
function witnessNumbers(seed: string): string {
  const h = createHash('sha256').update(`demo-witnesses/${seed}`).digest();
  return [0, 4, 8].map((i) => String(h.readUInt32BE(i) % 1000).padStart(3, '0')).join(' ');
}

function toUser(a: Account): AuthUser {
  return { id: a.id, username: a.username, role: a.role, displayName: a.displayName, districtId: a.districtId, schoolId: a.schoolId };
}

/** The past contest's days: each step on a working day, a list's next step once its window has closed. */
export interface PastTimeline {
  lists: string;
  preliminaryScored: string;
  semifinalAllocation: string;
  semifinalDraw: string;
  semifinalStart: string;
  semifinalScored: string;
  finalAllocation: string;
  finalDraw: string;
  semifinalAwardsFinal: string;
  finalStart: string;
  finalScored: string;
  finalAwards: string;
  finalAwardsFinal: string;
}

/** The timeline of the past year's contest, from the first working day of November's first week; it ends in December. */
export function pastTimeline(past: number, windowDays = DEFAULT_WINDOW_DAYS): PastTimeline {
  const working = (d: string) => {
    while (!dayKind(d).working) d = addDays(d, 1);
    return d;
  };
  const next = (d: string) => working(addDays(d, 1));
  /** The first working day after the window of a list announced on `d` has closed. */
  const afterWindow = (d: string) => next(noticeWindow(d, windowDays).closes);
  const lists = working(`${past}-11-03`);
  const preliminaryScored = next(next(lists));
  const semifinalAllocation = afterWindow(lists) > preliminaryScored ? afterWindow(lists) : next(preliminaryScored);
  const semifinalDraw = next(next(semifinalAllocation));
  const semifinalStart = afterWindow(semifinalDraw);
  const semifinalScored = next(semifinalStart);
  const finalAllocation = next(semifinalScored);
  const finalDraw = next(next(finalAllocation));
  const finalStart = afterWindow(finalDraw);
  const finalScored = next(finalStart);
  const finalAwards = next(finalScored);
  return {
    lists,
    preliminaryScored,
    semifinalAllocation,
    semifinalDraw,
    semifinalStart,
    semifinalScored,
    finalAllocation,
    finalDraw,
    // The semi-final's awards are announced the day the final's places are allocated.
    semifinalAwardsFinal: afterWindow(finalAllocation),
    finalStart,
    finalScored,
    finalAwards,
    finalAwardsFinal: afterWindow(finalAwards),
  };
}

@Injectable()
export class AwardsDemo {
  private readonly logger = new Logger('AwardsDemo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly contests: ContestsService,
    private readonly lists: EntrantListsService,
    private readonly announcements: AnnouncementListsService,
    private readonly advancement: AdvancementService,
    private readonly draws: DrawsService,
    private readonly awards: AwardsService,
    private readonly publication: AwardsPublicationService,
  ) {}

  /** `hour`:`minute` of `day` in the contest's time zone. */
  private at(day: string, hour: number, minute = 0): Date {
    return new Date(endOfDayInstant(addDays(day, -1), this.clock.timeZone).getTime() + (hour * 60 + minute) * 60_000);
  }

  /**
   * Seeds last year's contest of the demo. The registry and the demo's accounts must be loaded and
   * no later contest created yet (the past contest is the current one while its lists are submitted).
   */
  async seed(actor: string, year: number): Promise<AwardsDemoSummary> {
    const past = year - 1;
    const started = Date.now();
    const em = this.dataSource.manager;
    const days = pastTimeline(past);
    const created = await atInstant(this.at(days.lists, 8), () =>
      this.contests.create(actor, {
        code: `C${past}`,
        name: `${past}年全员培训·教学技能比赛`,
        year: past,
        rounds: [
          { code: 'preliminary', startsOn: days.lists, endsOn: days.preliminaryScored, deadline: days.preliminaryScored },
          { code: 'semifinal', startsOn: days.semifinalStart, endsOn: days.semifinalScored, deadline: days.semifinalScored },
          { code: 'final', startsOn: days.finalStart, endsOn: days.finalScored, deadline: days.finalScored },
        ],
      }),
    );
    const contest = await findContest(em, created.id);
    const districts = await districtsInOrder(em);
    const schools = (await schoolsWithDistrict(em)).filter((s) => !s.inDistrictSeat);
    const clerks = new Map((await accountsWithRole(em, 'school_admin')).map((a) => [a.schoolId, toUser(a)]));
    const officers = new Map((await accountsWithRole(em, 'district_admin')).map((a) => [a.districtId, toUser(a)]));
    const [cityAccount] = await accountsWithRole(em, 'city_admin');
    if (!cityAccount || districts.some((d) => !officers.has(d.id)) || schools.some((s) => !clerks.has(s.id))) {
      throw new Error('demo: the past contest needs the demo accounts (city, one per district and school)');
    }
    const city = toUser(cityAccount);
    const contact = (name: string) => `${name}教师发展中心（工作日 8:30—17:30）`;

    // Every school submits and announces its preliminary list.
    await atInstant(this.at(days.lists, 9), async () => {
      for (const s of schools) {
        const clerk = clerks.get(s.id)!;
        await this.lists.submit(clerk, contest.id, s.id);
        await this.announcements.publishPreliminary(clerk, contest.id, s.id, contact(`${s.district!.name}教育局`));
      }
    });
    // The preliminary judged: a locked, announced panel per school.
    await atInstant(this.at(days.preliminaryScored, 17), async () => {
      const entrants = await activeEntrants(em, contest.id, 'preliminary');
      await this.judged(actor, contest, 'preliminary', schools.map((s) => ({ code: `P${past}-${s.code}`, schoolId: s.id, districtId: s.districtId, entrants: entrants.filter((e) => e.schoolId === s.id) })));
    });

    // Each district: allocation, the schools' recommendations, the draw ceremony, the semi-finalists announced.
    const drawIds: number[] = [];
    for (const d of districts) {
      const officer = officers.get(d.id)!;
      const allocation = await atInstant(this.at(days.semifinalAllocation, 9), () =>
        this.advancement.createAllocation(officer, contest.id, { round: 'semifinal', districtId: d.id, recommendationDeadline: addDays(days.semifinalAllocation, 1) }),
      );
      await atInstant(this.at(days.semifinalAllocation, 15), () => this.recommendBest(allocation.id, allocation.units, (unitId) => clerks.get(unitId)!));
      const drawId = await this.ceremony(officer, allocation.id, days.semifinalDraw, `${past}/semifinal/${d.code}`);
      await atInstant(this.at(days.semifinalDraw, 11), () => this.announcements.publishSemifinalists(officer, drawId, contact(`${d.name}教育局`)));
      drawIds.push(drawId);
    }
    // The semi-finals judged: one panel per district.
    await atInstant(this.at(days.semifinalScored, 17), async () => {
      const entrants = await activeEntrants(em, contest.id, 'semifinal');
      await this.judged(actor, contest, 'semifinal', districts.map((d) => ({ code: `S${past}-${d.code}`, schoolId: null, districtId: d.id, entrants: entrants.filter((e) => e.districtId === d.id) })));
    });

    // The city: the final's places, the districts' recommendations, the final's draw, the finalists announced.
    const finalAllocation = await atInstant(this.at(days.finalAllocation, 9), () =>
      this.advancement.createAllocation(city, contest.id, { round: 'final', recommendationDeadline: addDays(days.finalAllocation, 1) }),
    );
    await atInstant(this.at(days.finalAllocation, 15), () => this.recommendBest(finalAllocation.id, finalAllocation.units, (unitId) => officers.get(unitId)!));
    const finalDraw = await this.ceremony(city, finalAllocation.id, days.finalDraw, `${past}/final/city`);
    await atInstant(this.at(days.finalDraw, 11), () => this.announcements.publishFinalists(city, finalDraw, contact('市教育局')));
    drawIds.push(finalDraw);

    // Each district's semi-final prizes, announced the day the final's places are allocated.
    let issued = 0;
    const semifinalAwards: number[] = [];
    await atInstant(this.at(days.finalAllocation, 16), async () => {
      for (const d of districts) {
        const officer = officers.get(d.id)!;
        const v = await this.awards.compute(officer, contest.id, { round: 'semifinal', districtId: d.id });
        await this.publication.publish(officer, v.id);
        semifinalAwards.push(v.id);
      }
    });
    await atInstant(this.at(days.semifinalAwardsFinal, 9), async () => {
      for (const [i, id] of semifinalAwards.entries()) {
        issued += (await this.publication.finalise(officers.get(districts[i].id)!, id)).awards.filter((a) => a.certificateNo).length;
      }
    });

    // The final judged by one city panel; its prizes announced and, the window closed, final.
    await atInstant(this.at(days.finalScored, 17), async () => {
      await this.judged(actor, contest, 'final', [{ code: `F${past}-1`, schoolId: null, districtId: null, entrants: await activeEntrants(em, contest.id, 'final') }]);
    });
    const f = await atInstant(this.at(days.finalAwards, 9), async () => {
      const v = await this.awards.compute(city, contest.id, { round: 'final' });
      await this.publication.publish(city, v.id);
      return v;
    });
    const done = await atInstant(this.at(days.finalAwardsFinal, 9), () => this.publication.finalise(city, f.id));
    issued += done.awards.filter((a) => a.certificateNo).length;
    this.logger.log(`Past contest C${past} (draws ${drawIds.join(', ')}, ${issued} certificates) loaded in ${Date.now() - started} ms`);
    return { contestCode: `C${past}`, certificates: issued, example: done.awards.find((a) => a.certificateNo)?.certificateNo ?? null, draws: drawIds };
  }

  /** Every unit with places to recommend recommends its best scorers of the previous round (ties: the smaller code). */
  private async recommendBest(allocationId: number, units: { unitId: number; recommended: number }[], recommender: (unitId: number) => AuthUser): Promise<void> {
    for (const unit of units) {
      if (unit.recommended === 0) continue;
      const user = recommender(unit.unitId);
      const candidates = (await this.advancement.candidates(user, allocationId, unit.unitId)).filter((c) => c.tookPart && c.status === 'active');
      const best = [...candidates].sort((x, y) => Number(y.total) - Number(x.total) || (x.code < y.code ? -1 : 1)).slice(0, unit.recommended);
      await this.advancement.recommend(user, allocationId, unit.unitId, { entrantIds: best.map((c) => c.entrantId) });
    }
  }

  /** The draw ceremony of an allocation on `day`, step by step as the draw page runs it; answers the draw's id. */
  private async ceremony(user: AuthUser, allocationId: number, day: string, seed: string): Promise<number> {
    const frozen = await atInstant(this.at(day, 9), () => this.draws.freeze(user, allocationId));
    await atInstant(this.at(day, 9, 10), () => this.draws.announce(user, frozen.id, { sources: [PAST_ENTROPY_SOURCE] }));
    await atInstant(this.at(day, 9, 40), () => this.draws.enterEntropy(user, frozen.id, { values: [witnessNumbers(seed)] }));
    await atInstant(this.at(day, 9, 45), () => this.draws.run(user, frozen.id));
    await atInstant(this.at(day, 10), () => this.draws.publish(user, frozen.id));
    return frozen.id;
  }

  /** A judged round as locked, announced panels leave it: the panels and one result per entrant (in the clock's now). */
  private async judged(
    actor: string,
    contest: Contest,
    round: 'preliminary' | 'semifinal' | 'final',
    panels: { code: string; schoolId: number | null; districtId: number | null; entrants: RoundEntrant[] }[],
  ): Promise<void> {
    const sheet = contest.settings.sheets[round];
    const points = sheet.map((s) => s.points);
    const keys = sheet.map((s) => s.key);
    const at = this.clock.nowIso();
    await this.tx.run(async (em) => {
      const rows: NewRoundResult[] = [];
      for (const p of panels) {
        const panel = await insertLockedPanel(em, {
          contestId: contest.id,
          code: p.code,
          round,
          groupCode: 'senior',
          session: { preliminary: '初赛', semifinal: '复赛', final: '决赛' }[round],
          schoolId: p.schoolId,
          districtId: p.districtId,
          lockedAt: at,
          lockedBy: actor,
          announcedAt: at,
          createdAt: at,
          updatedAt: at,
        });
        for (const e of p.entrants) {
          const total = demoTotal(`${contest.year}/${round}/${e.teacherId}`);
          rows.push({ contestId: contest.id, round, entrantId: e.id, totalHundredths: total, total: (total / 100).toFixed(2), itemHundredths: items(total, points), itemKeys: keys, judges: 5, method: 'trimmed-mean', panelId: panel.id, createdAt: at, updatedAt: at });
        }
      }
      for (let i = 0; i < rows.length; i += 200) await insertRoundResults(em, rows.slice(i, i + 200));
    });
  }
}
