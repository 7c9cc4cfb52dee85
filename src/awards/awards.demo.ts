/**
 * The demo's completed past contest (last year's): its semi-finals and final judged, the prizes
 * and awards computed, announced and final, and the certificates issued, so that a newcomer can
 * open a certificate and scan its QR code. Called once by the demo seed (src/demo/demo.service.ts).
 *
 * Judging is not replayed sheet by sheet: the minimum a locked, announced panel leaves behind
 * (round entrants, one locked panel per district and round, results) is written directly, with
 * totals from a fixed seed. Everything after that goes through this feature's services: compute,
 * publish (through the notices core, as of a publication date of last December, so that the
 * window is long closed) and finalise.
 */
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import { NoticesService } from '../announcements/notices.service';
import { AuditService } from '../audit/audit.service';
import { Clock, FakeClock } from '../common/clock';
import { AuthUser } from '../common/roles';
import { RoundEntrant, entrantCode } from '../contestants/round-entrant.entity';
import { RoundResult } from '../contestants/round-result.entity';
import { Contest } from '../contests/contest.entity';
import { ContestsService } from '../contests/contests.service';
import { Transactions } from '../database/transactions';
import { groupOf } from '../domain/groups';
import { Panel } from '../judging/judging.entity';
import { District } from '../registry/district.entity';
import { School } from '../registry/school.entity';
import { Teacher } from '../registry/teacher.entity';
import { AwardsPublicationService } from './awards-publication.service';
import { AwardsService } from './awards.service';
import { CertificatesService } from './certificates.service';

export interface AwardsDemoSummary {
  contestCode: string;
  certificates: number;
  /** One certificate number to try on the verification page. */
  example: string | null;
}

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

@Injectable()
export class AwardsDemo {
  private readonly logger = new Logger('AwardsDemo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly contests: ContestsService,
    private readonly awards: AwardsService,
    private readonly publication: AwardsPublicationService,
    private readonly certificates: CertificatesService,
  ) {}

  /** Seeds last year's contest of the demo (the registry must be loaded). */
  async seed(actor: string, year: number): Promise<AwardsDemoSummary> {
    const past = year - 1;
    const started = Date.now();
    const created = await this.contests.create(actor, {
      code: `C${past}`,
      name: `${past}年全员培训·教学技能比赛`,
      year: past,
      rounds: [
        { code: 'preliminary', startsOn: `${past}-11-17`, endsOn: `${past}-11-28`, deadline: `${past}-12-02` },
        { code: 'semifinal', startsOn: `${past}-12-08`, endsOn: `${past}-12-12`, deadline: `${past}-12-15` },
        { code: 'final', startsOn: `${past}-12-22`, endsOn: `${past}-12-26`, deadline: `${past}-12-31` },
      ],
    });
    const contest = await this.dataSource.getRepository(Contest).findOneByOrFail({ id: created.id });
    const districts = await this.dataSource.getRepository(District).find({ order: { code: 'ASC' } });
    const schools = await this.dataSource.getRepository(School).find({ where: { inDistrictSeat: false }, order: { code: 'ASC' } });
    const teachers = await this.dataSource.getRepository(Teacher).find({ order: { id: 'ASC' } });
    const semiSheet = contest.settings.sheets.semifinal.map((s) => s.points);
    const finalSheet = contest.settings.sheets.final.map((s) => s.points);
    const at = `${past}-12-12T08:00:00.000Z`;

    await this.tx.run(async (em) => {
      const entrants = em.getRepository(RoundEntrant);
      const write = async (round: 'preliminary' | 'semifinal' | 'final', t: Teacher, school: School, group: RoundEntrant['groupCode']) =>
        entrants.save(
          entrants.create({
            contestId: contest.id,
            round,
            teacherId: t.id,
            code: entrantCode(t.id),
            schoolId: school.id,
            districtId: school.districtId,
            subject: t.subject,
            groupCode: group,
            source: round === 'preliminary' ? 'all-staff' : 'recommended',
            status: 'active',
            createdAt: at,
            updatedAt: at,
          }),
        );
      const panel = async (round: 'semifinal' | 'final', districtId: number | null, code: string) =>
        em.getRepository(Panel).save({
          contestId: contest.id,
          code,
          round,
          groupCode: 'senior',
          session: round === 'final' ? '决赛' : '复赛',
          schoolId: null,
          districtId,
          state: 'locked',
          announced: true,
          orderSource: null,
          drawRecord: null,
          lockedAt: at,
          lockedBy: actor,
          announcedAt: at,
          createdAt: at,
          updatedAt: at,
        });
      const result = async (e: RoundEntrant, panelId: number, total: number, points: number[], keys: string[]) =>
        em.getRepository(RoundResult).insert({
          contestId: contest.id,
          round: e.round,
          entrantId: e.id,
          totalHundredths: total,
          total: (total / 100).toFixed(2),
          itemHundredths: items(total, points),
          itemKeys: keys,
          judges: 5,
          method: 'trimmed-mean',
          panelId,
          createdAt: at,
          updatedAt: at,
        });
      const finalPanel = await panel('final', null, `F${past}-1`);
      for (const d of districts) {
        const mine = schools.filter((s) => s.districtId === d.id);
        const semiPanel = await panel('semifinal', d.id, `S${past}-${d.code}`);
        const semi: { t: Teacher; s: School; total: number; group: RoundEntrant['groupCode'] }[] = [];
        for (const s of mine) {
          const own = teachers.filter((t) => t.schoolId === s.id);
          for (const [i, t] of own.entries()) {
            const group = groupOf(t.stage, t.birthDate >= '1980-01-01');
            await write('preliminary', t, s, group);
            // Three in ten go on to the semi-final.
            if (i % 10 < 3) semi.push({ t, s, total: demoTotal(`${past}/semifinal/${t.id}`), group });
          }
        }
        for (const x of semi) {
          const e = await write('semifinal', x.t, x.s, x.group);
          await result(e, semiPanel.id, x.total, semiSheet, contest.settings.sheets.semifinal.map((it) => it.key));
        }
        // The best tenth of the district's semi-finalists go to the final.
        const best = [...semi].sort((a, b) => b.total - a.total || a.t.id - b.t.id).slice(0, Math.max(1, Math.round(semi.length / 10)));
        for (const x of best) {
          const e = await write('final', x.t, x.s, x.group);
          await result(e, finalPanel.id, demoTotal(`${past}/final/${x.t.id}`), finalSheet, contest.settings.sheets.final.map((it) => it.key));
        }
      }
    });

    // The organisers compute, publish (as of last December) and, the windows long closed, finalise.
    const pastNotices = new NoticesService(this.dataSource, this.tx, this.audit, new FakeClock(`${past}-12-16T02:00:00.000Z`, this.clock.timeZone));
    const pastPublication = new AwardsPublicationService(this.tx, this.audit, new FakeClock(`${past}-12-16T02:00:00.000Z`, this.clock.timeZone), pastNotices, this.awards, this.certificates);
    const finalNotices = new NoticesService(this.dataSource, this.tx, this.audit, new FakeClock(`${past}-12-29T02:00:00.000Z`, this.clock.timeZone));
    const finalPublication = new AwardsPublicationService(this.tx, this.audit, new FakeClock(`${past}-12-29T02:00:00.000Z`, this.clock.timeZone), finalNotices, this.awards, this.certificates);
    let issued = 0;
    for (const d of districts) {
      const user: AuthUser = { id: 0, username: actor, role: 'district_admin', displayName: `${d.name}教育局`, districtId: d.id, schoolId: null };
      const v = await this.awards.compute(user, contest.id, { round: 'semifinal', districtId: d.id });
      await pastPublication.publish(user, v.id, actor);
      issued += (await this.publication.finalise(user, v.id)).awards.filter((a) => a.certificateNo).length;
    }
    const city: AuthUser = { id: 0, username: actor, role: 'city_admin', displayName: '市教育局', districtId: null, schoolId: null };
    const f = await this.awards.compute(city, contest.id, { round: 'final' });
    await finalPublication.publish(city, f.id, actor);
    const done = await this.publication.finalise(city, f.id);
    issued += done.awards.filter((a) => a.certificateNo).length;
    this.logger.log(`Past contest C${past} with ${issued} certificates loaded in ${Date.now() - started} ms`);
    return { contestCode: `C${past}`, certificates: issued, example: done.awards.find((a) => a.certificateNo)?.certificateNo ?? null };
  }
}
