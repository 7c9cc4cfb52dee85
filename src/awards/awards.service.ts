/**
 * Computing a round's prizes and awards (RULES §5) once its results are locked and announced, and
 * reading them back. The arithmetic is the domain's (src/domain/prizes.ts, src/domain/awards.ts);
 * this service gathers its input (results, entrants, lists), stores the report and the award rows,
 * and audits the change in the same transaction.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock, dateInZone } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { AuthUser } from '../common/roles';
import { awardRoundResource } from '../access/awards.access';
import { assertCan, can, listFilter } from '../access/policy';
import { activeEntrants, activeEntrantsPer, roundResults } from '../contestants/find-entrants';
import type { RoundEntrant } from '../contestants/round-entrant.entity';
import type { Contest } from '../contests/contest.entity';
import { findContest } from '../contests/find-contest';
import { Transactions } from '../database/transactions';
import { organisationAwards, singleItemAwards, teamAwards, TeamSchoolInput } from '../domain/awards';
import { maskIdNumber } from '../domain/id-number';
import type { GroupCode, PrizeCode } from '../domain/preset';
import { computePrizes, PRIZE_NAMES, PRIZE_ORDER, PrizeGroupInput } from '../domain/prizes';
import { compareBytes } from '../domain/quotas';
import { heaviestFirst } from '../domain/sheets';
import { NoticesService } from '../announcements/notices.service';
import { EntrantListViewsService } from '../entrants/entrant-list-views.service';
import { baseSheet } from '../judging/judging.common';
import { roundPanels } from '../judging/find-panels';
import type { District } from '../registry/district.entity';
import { cityName, districtsById, findDistrict, schoolsById, teachersByIds } from '../registry/find-registry';
import type { School } from '../registry/school.entity';
import { Award, AwardKind, AwardRound, AwardRoundCode, AwardSchoolCase, AwardSettings } from './awards.entity';
import {
  AWARD_DEFAULTS,
  AwardOptions,
  AwardReport,
  ORGANISATION_AWARD_LABEL,
  ReportGroup,
  ReportOrganisationRow,
  TEAM_AWARD_LABEL,
} from './awards.model';
import { AwardOptionsDto, AwardRoundView, AwardView, ComputeAwardsDto } from './dto/awards.dto';

const ROUND_NAMES: Record<AwardRoundCode, string> = { semifinal: '复赛', final: '决赛' };

/** Who holds an award and its certificate (RULES §5): the teacher for a prize, the school (as an organisation) for a team or organisation award. */
export function holderKind(kind: AwardKind): 'teacher' | 'school' {
  return kind === 'team' || kind === 'organisation' ? 'school' : 'teacher';
}

/** Certificates and notices read the stored rows; this turns one into its API view. */
export function awardView(a: Award): AwardView {
  return {
    id: a.id,
    kind: a.kind,
    prize: a.prize,
    label: a.label,
    groupKey: a.groupKey,
    subject: a.subject,
    groupCode: a.groupCode,
    entrantId: a.entrantId,
    holderName: a.holderName,
    schoolId: a.schoolId,
    schoolName: a.schoolName,
    maskedId: a.maskedId,
    rank: a.rank,
    position: a.position,
    status: a.status,
    revokedReason: a.revokedReason,
    certificateNo: a.certificateNo,
    holderKind: holderKind(a.kind),
    correctionNoticeId: a.correctionNoticeId,
  };
}

@Injectable()
export class AwardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly lists: EntrantListViewsService,
    private readonly notices: NoticesService,
  ) {}

  // ------------------------------------------------------------------ options

  async options(em: EntityManager, contestId: number): Promise<AwardOptions> {
    const row = await em.getRepository(AwardSettings).findOneBy({ contestId });
    if (!row) return { ...AWARD_DEFAULTS };
    return {
      firstPrizeInEveryGroup: row.firstPrizeInEveryGroup,
      teamShare: row.teamShare,
      participationPercent: row.participationPercent,
      singleItemAwards: row.singleItemAwards,
    };
  }

  async getOptions(user: AuthUser, contestId: number): Promise<AwardOptions> {
    assertCan(user, 'awards.options.read');
    await findContest(this.dataSource.manager, contestId);
    return this.options(this.dataSource.manager, contestId);
  }

  /** The city sets the contest's award options, until the first award list is published. */
  async setOptions(user: AuthUser, contestId: number, dto: AwardOptionsDto): Promise<AwardOptions> {
    assertCan(user, 'awards.options.write');
    return this.tx.run(async (em) => {
      await findContest(em, contestId);
      const published = await em.getRepository(AwardRound).count({ where: { contestId, state: In(['published', 'final']) } });
      if (published > 0) throw new AppError('AWARDS_PUBLISHED', 'The award options no longer change once an award list is published');
      const repo = em.getRepository(AwardSettings);
      const now = this.clock.nowIso();
      const existing = await repo.findOneBy({ contestId });
      const before = existing ? { ...existing } : null;
      const given = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<AwardOptions>;
      const next: AwardOptions = { ...(await this.options(em, contestId)), ...given };
      const row = existing ?? repo.create({ contestId, createdAt: now });
      Object.assign(row, next, { updatedBy: user.username, updatedAt: now });
      await repo.save(row);
      await this.audit.append(em, { actor: user, action: 'award-settings.update', entityType: 'award_settings', entityId: row.id, before, after: row });
      return next;
    });
  }

  // ------------------------------------------------------------------ compute

  async compute(user: AuthUser, contestId: number, dto: ComputeAwardsDto): Promise<AwardRoundView> {
    const round = dto.round;
    const districtId = round === 'semifinal' ? (dto.districtId ?? user.districtId ?? null) : null;
    if (round === 'semifinal' && districtId === null) {
      throw AppError.field('VALIDATION_FAILED', 'districtId', 'required', 'districtId is required for a semi-final');
    }
    assertCan(user, 'awards.compute', awardRoundResource({ round, districtId }));
    // The organisation award reads the entrant lists through their service (outside the write).
    const overview = round === 'semifinal' ? await this.lists.overview(user, contestId, { districtId: districtId! }) : null;
    const roundDeadline = overview?.roundDeadline ?? null;

    return this.tx.run(async (em) => {
      const contest = await findContest(em, contestId);
      const district = districtId !== null ? await findDistrict(em, districtId) : null;
      const scopeKey = round === 'final' ? 'city' : `district:${districtId}`;
      const repo = em.getRepository(AwardRound);
      const existing = await repo.findOneBy({ contestId, round, scopeKey });
      if (existing && existing.state !== 'computed') {
        throw new AppError('AWARDS_PUBLISHED', 'This award list is published: it is not recomputed; a correction is a supplementary notice');
      }
      await this.assertResultsLocked(em, contestId, round, districtId);
      const options = await this.options(em, contestId);
      const now = this.clock.nowIso();
      const issuingBody = district ? `${district.name}教育局` : `${(await cityName(em)) ?? '市'}教育局`;

      const { report, rows } = await this.build(em, contest, round, district, options, issuingBody, now, overview, roundDeadline);
      let ar: AwardRound;
      if (existing) {
        await em.getRepository(Award).delete({ awardRoundId: existing.id });
        existing.report = report;
        existing.computedAt = now;
        existing.computedBy = user.username;
        existing.updatedAt = now;
        ar = await repo.save(existing);
      } else {
        ar = await repo.save(
          repo.create({
            contestId,
            round,
            scopeKey,
            districtId,
            numberCode: round === 'final' ? 'final' : `semifinal_${district!.code}`,
            state: 'computed',
            report,
            computedBy: user.username,
            computedAt: now,
            publishedBy: null,
            publishedAt: null,
            noticeId: null,
            finalAt: null,
            createdAt: now,
            updatedAt: now,
          }),
        );
      }
      const awards = rows.map((r, i) => ({ ...r, awardRoundId: ar.id, position: i + 1, createdAt: now, updatedAt: now }));
      for (let i = 0; i < awards.length; i += 200) await em.getRepository(Award).insert(awards.slice(i, i + 200));
      await this.audit.append(em, {
        actor: user,
        action: existing ? 'award-round.recompute' : 'award-round.compute',
        entityType: 'award_round',
        entityId: ar.id,
        after: {
          id: ar.id,
          contestId,
          round,
          scopeKey,
          options,
          levels: report.levels,
          awards: awards.map((a) => ({ kind: a.kind, label: a.label, entrantId: a.entrantId, schoolId: a.schoolId, position: a.position })),
        },
      });
      return this.view(em, ar, user);
    });
  }

  /** Every panel of the round's scope is locked and its results announced (details name the others). */
  private async assertResultsLocked(em: EntityManager, contestId: number, round: AwardRoundCode, districtId: number | null): Promise<void> {
    const panels = await roundPanels(em, contestId, round, round === 'final' ? undefined : districtId!);
    if (panels.length === 0) {
      throw new AppError('RESULTS_NOT_LOCKED', `The ${round} has no judging panel with results yet`, [
        { field: 'panels', rule: 'locked-and-announced', message: 'no panel of the round exists' },
      ]);
    }
    const details: ErrorDetail[] = panels
      .filter((p) => p.state !== 'locked' || !p.announced)
      .map((p) => ({
        field: `panels.${p.code}`,
        rule: 'locked-and-announced',
        message: p.state !== 'locked' ? `panel ${p.code} is not locked` : `panel ${p.code}: results not announced`,
      }));
    if (details.length > 0) {
      throw new AppError('RESULTS_NOT_LOCKED', `Results are not locked and announced for every panel of the round (${details.length} not)`, details);
    }
  }

  private async build(
    em: EntityManager,
    contest: Contest,
    round: AwardRoundCode,
    district: District | null,
    options: AwardOptions,
    issuingBody: string,
    now: string,
    overview: Awaited<ReturnType<EntrantListViewsService['overview']>> | null,
    roundDeadline: string | null,
  ): Promise<{ report: AwardReport; rows: Omit<Award, 'id' | 'awardRoundId' | 'position' | 'createdAt' | 'updatedAt' | 'awardRound'>[] }> {
    const entrants = await activeEntrants(em, contest.id, round, district?.id);
    const results = await roundResults(em, contest.id, round);
    const scored = entrants.filter((e) => results.has(e.id));
    const teachers = await teachersByIds(em, scored.map((e) => e.teacherId));
    const schools = await schoolsById(em);
    const districts = await districtsById(em);

    const subjectName = (code: string) => contest.subjects.find((s) => s.code === code)?.name ?? code;
    const groupName = (code: GroupCode) => contest.settings.groups?.find((g) => g.code === code)?.name ?? code;
    const prizeName = (p: PrizeCode) => contest.prizes[round].find((s) => s.prize === p)?.name ?? PRIZE_NAMES[p];

    // Prize groups: subject × group, in byte order of their code.
    const byGroup = new Map<string, RoundEntrant[]>();
    for (const e of scored) {
      const key = `${e.subject}-${e.groupCode}`;
      byGroup.set(key, [...(byGroup.get(key) ?? []), e]);
    }
    const keys = [...byGroup.keys()].sort(compareBytes);
    const sheet = contest.settings.sheets[round];
    const tieBreakOrder = heaviestFirst(sheet);
    const groups: PrizeGroupInput[] = keys.map((k) => ({
      code: k,
      contestants: byGroup.get(k)!.map((e) => {
        const r = results.get(e.id)!;
        return { code: e.code, totalHundredths: BigInt(r.totalHundredths), itemHundredths: r.itemHundredths.map((x) => BigInt(x)) };
      }),
    }));
    const prizes = computePrizes({
      shares: contest.prizes[round].map((s) => ({ prize: s.prize, share: s.share })),
      firstPrizeInEveryGroup: options.firstPrizeInEveryGroup,
      tieBreakOrder,
      groups,
    });

    const byCode = new Map(scored.map((e) => [e.code, e]));
    type Row = Omit<Award, 'id' | 'awardRoundId' | 'position' | 'createdAt' | 'updatedAt' | 'awardRound'>;
    const personRow = (e: RoundEntrant, kind: 'prize' | 'single-item', prize: PrizeCode | null, label: string, rank: number | null): Row => {
      const t = teachers.get(e.teacherId)!;
      return {
        contestId: contest.id,
        round,
        kind,
        prize,
        label,
        groupKey: `${e.subject}-${e.groupCode}`,
        subject: e.subject,
        groupCode: e.groupCode,
        entrantId: e.id,
        teacherId: e.teacherId,
        schoolId: e.schoolId,
        districtId: e.districtId,
        holderName: t.name,
        schoolName: schools.get(e.schoolId)?.name ?? '',
        maskedId: maskIdNumber(t.idNumber),
        rank,
        status: 'active',
        revokedReason: null,
        revokedAt: null,
        certificateNo: null,
        issuedAt: null,
        correctionNoticeId: null,
      };
    };

    const reportGroups: ReportGroup[] = prizes.groups.map((g) => {
      const members = byGroup.get(g.code)!;
      const first = members[0];
      const itemNames = baseSheet(contest, round, first.subject).map((it) => it.name);
      const singleItems = options.singleItemAwards
        ? singleItemAwards(
            members.map((e) => ({ code: e.code, itemHundredths: results.get(e.id)!.itemHundredths.map((x) => BigInt(x)) })),
            sheet.length,
          ).map((s) => ({ item: sheet[s.item].key, itemName: itemNames[s.item], best: s.best, entrantIds: s.codes.map((c) => byCode.get(c)!.id) }))
        : [];
      return {
        code: g.code,
        subject: first.subject,
        subjectName: subjectName(first.subject),
        groupCode: first.groupCode,
        groupName: groupName(first.groupCode),
        contestants: g.contestants,
        levels: g.levels.map((l) => ({ ...l, name: prizeName(l.prize) })),
        cuts: g.cuts,
        tieShifts: g.tieShifts,
        ranking: g.ranking.map((x) => {
          const e = byCode.get(x.code)!;
          return {
            entrantId: e.id,
            code: e.code,
            name: teachers.get(e.teacherId)!.name,
            schoolId: e.schoolId,
            schoolName: schools.get(e.schoolId)?.name ?? '',
            total: results.get(e.id)!.total,
            rank: x.rank,
            prize: x.prize,
          };
        }),
        singleItems,
      };
    });

    // Award rows in list order: prizes by level, group, rank; then single items; then school awards.
    const rows: Row[] = [];
    for (const level of PRIZE_ORDER) {
      for (const g of prizes.groups) {
        for (const w of g.winners) if (w.prize === level) rows.push(personRow(byCode.get(w.code)!, 'prize', level, prizeName(level), w.rank));
      }
    }
    for (const g of reportGroups) {
      for (const s of g.singleItems) {
        for (const id of s.entrantIds) rows.push(personRow(scored.find((e) => e.id === id)!, 'single-item', null, `单项奖（${s.itemName}）`, null));
      }
    }
    const schoolRow = (s: School, label: string, rank: number | null): Row => ({
      contestId: contest.id,
      round,
      kind: label === ORGANISATION_AWARD_LABEL ? 'organisation' : 'team',
      prize: null,
      label,
      groupKey: null,
      subject: null,
      groupCode: null,
      entrantId: null,
      teacherId: null,
      schoolId: s.id,
      districtId: s.districtId,
      holderName: s.name,
      schoolName: s.name,
      maskedId: null,
      rank,
      status: 'active',
      revokedReason: null,
      revokedAt: null,
      certificateNo: null,
      issuedAt: null,
      correctionNoticeId: null,
    });

    const upheld = await this.upheldAgainst(em, contest.id);
    const falsification = await this.notices.schoolsWithCases(contest.id, em);
    let team: AwardReport['team'] = null;
    if (round === 'final') {
      team = await this.teamReport(em, contest, rows, schools, districts, falsification, options.teamShare);
      for (const ranking of team) {
        for (const r of ranking.rows) {
          if (r.awarded) rows.push(schoolRow(schools.get(r.schoolId)!, `${TEAM_AWARD_LABEL}（${ranking.central ? '中心校' : '非中心校'}）`, r.rank));
        }
      }
    }
    let organisation: ReportOrganisationRow[] | null = null;
    if (overview && district) {
      const bySchoolCode = new Map(overview.schools.map((s) => [s.school.code, s]));
      const results = organisationAwards(
        overview.schools.map((s) => ({
          code: s.school.code,
          districtCode: district.code,
          teachers: s.counts.teachers,
          excluded: s.counts.excluded,
          exempted: s.counts.exempted,
          entrants: s.counts.entrants,
          submittedOnTime: s.state === 'submitted' && !!s.submittedAt && !!roundDeadline && dateInZone(new Date(s.submittedAt), this.clock.timeZone) <= roundDeadline,
          extended: s.extension !== null,
          upheldObjection: upheld.has(s.school.id),
        })),
        options.participationPercent,
      );
      organisation = results.map((r) => {
        const s = bySchoolCode.get(r.code)!;
        const { code, districtCode, ...rest } = r;
        void districtCode;
        return { ...rest, schoolId: s.school.id, schoolName: s.school.name, schoolCode: code };
      });
      for (const r of organisation) if (r.awarded) rows.push(schoolRow(schools.get(r.schoolId)!, ORGANISATION_AWARD_LABEL, null));
    }

    const report: AwardReport = {
      contest: { id: contest.id, code: contest.code, name: contest.name, year: contest.year },
      round,
      roundName: ROUND_NAMES[round],
      district: district ? { id: district.id, code: district.code, name: district.name } : null,
      issuingBody,
      options,
      contestants: prizes.contestants,
      levels: prizes.levels.map((l) => ({ ...l, name: prizeName(l.prize) })),
      groups: reportGroups,
      team,
      organisation,
      computedAt: now,
    };
    return { report, rows };
  }

  /** Schools with an upheld objection against one of their lists (RULES §6): award cases, and every notice's. */
  async upheldAgainst(em: EntityManager, contestId: number): Promise<Set<number>> {
    const own = await em.getRepository(AwardSchoolCase).find({ where: { contestId } });
    const out = new Set(own.map((c) => c.schoolId));
    for (const id of await this.notices.schoolsWithUpheldObjections(contestId, em)) out.add(id);
    return out;
  }

  private async teamReport(
    em: EntityManager,
    contest: Contest,
    finalRows: { kind: string; prize: PrizeCode | null; teacherId: number | null; schoolId: number }[],
    schools: Map<number, School>,
    districts: Map<number, District>,
    falsification: Set<number>,
    share: number,
  ): Promise<NonNullable<AwardReport['team']>> {
    const semi = await em.getRepository(Award).find({ where: { contestId: contest.id, round: 'semifinal', kind: 'prize', status: 'active' } });
    const finals = finalRows.filter((r) => r.kind === 'prize');
    const entrantsOf = await activeEntrantsPer(em, 'school', contest.id, 'preliminary');
    const inputs: TeamSchoolInput[] = [...schools.values()].map((s) => {
      const mine = [...semi, ...finals].filter((a) => a.schoolId === s.id);
      return {
        code: s.code,
        districtCode: districts.get(s.districtId)?.code ?? String(s.districtId),
        central: s.isCentral,
        winners: new Set(mine.map((a) => a.teacherId)).size,
        entrants: entrantsOf.get(s.id) ?? 0,
        finalFirstPrizes: finals.filter((a) => a.schoolId === s.id && a.prize === 'first').length,
        semifinalFirstPrizes: semi.filter((a) => a.schoolId === s.id && a.prize === 'first').length,
        prizes: mine.length,
        falsification: falsification.has(s.id),
      };
    });
    const byCode = new Map([...schools.values()].map((s) => [s.code, s]));
    return teamAwards(inputs, share).map((t) => {
      const d = [...districts.values()].find((x) => x.code === t.districtCode);
      return {
        districtCode: t.districtCode,
        central: t.central,
        schools: t.schools,
        places: t.places,
        awarded: t.awarded,
        districtName: d?.name ?? t.districtCode,
        rows: t.rows.map((r) => {
          const s = byCode.get(r.code)!;
          return {
            schoolId: s.id,
            schoolName: s.name,
            districtName: d?.name ?? '',
            winners: r.winners,
            entrants: r.entrants,
            score: r.score,
            percent: r.percent,
            rank: r.rank,
            awarded: r.awarded,
            excluded: r.excluded,
          };
        }),
      };
    });
  }

  // ------------------------------------------------------------------ read

  async findRound(em: EntityManager, id: number): Promise<AwardRound> {
    const ar = await em.getRepository(AwardRound).findOneBy({ id });
    if (!ar) throw AppError.notFound('AWARD_ROUND_NOT_FOUND', 'Award round', id);
    return ar;
  }

  async view(em: EntityManager, ar: AwardRound, _user?: AuthUser): Promise<AwardRoundView> {
    const awards = await em.getRepository(Award).find({ where: { awardRoundId: ar.id }, order: { position: 'ASC' } });
    return {
      id: ar.id,
      contestId: ar.contestId,
      round: ar.round,
      roundName: ROUND_NAMES[ar.round],
      districtId: ar.districtId,
      state: ar.state,
      computedAt: ar.computedAt,
      computedBy: ar.computedBy,
      publishedAt: ar.publishedAt,
      noticeId: ar.noticeId,
      finalAt: ar.finalAt,
      report: ar.report,
      awards: awards.map(awardView),
    };
  }

  async get(user: AuthUser, id: number): Promise<AwardRoundView> {
    const em = this.dataSource.manager;
    const ar = await this.findRound(em, id);
    assertCan(user, 'awards.read', awardRoundResource(ar));
    return this.view(em, ar, user);
  }

  async list(user: AuthUser, contestId: number): Promise<AwardRoundView[]> {
    listFilter(user, 'awards.read'); // the role part; each round is then filtered by can()
    const em = this.dataSource.manager;
    await findContest(em, contestId);
    const rounds = await em.getRepository(AwardRound).find({ where: { contestId }, order: { id: 'ASC' } });
    const out: AwardRoundView[] = [];
    for (const ar of rounds.filter((r) => can(user, 'awards.read', awardRoundResource(r)))) out.push(await this.view(em, ar, user));
    return out;
  }

  /** Full ID numbers of the holders (for the organiser's Excel), by teacher id. */
  async idNumbers(teacherIds: number[]): Promise<Map<number, string>> {
    const teachers = await teachersByIds(this.dataSource.manager, teacherIds);
    return new Map([...teachers].map(([id, t]) => [id, t.idNumber]));
  }

  async awardsOf(id: number): Promise<Award[]> {
    return this.dataSource.getRepository(Award).find({ where: { awardRoundId: id }, order: { position: 'ASC' } });
  }
}
