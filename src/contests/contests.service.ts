import { contestRules, ContestRules, defaultContestRules } from './contest-rules';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError, ErrorDetail } from '../common/errors';
import { Page, PageQuery, pageWindow } from '../common/paging';
import { AuthUser } from '../common/roles';
import { Transactions } from '../database/transactions';
import { defaultPreset, RoundCode, SubjectDef } from '../domain/preset';
import { teachersPerSubjectAndStage } from '../registry/find-registry';
import { ContestRound, ROUND_CODES } from './contest-round.entity';
import { Contest, ContestSettings, HolidayEntry } from './contest.entity';
import { findContest } from './find-contest';
import { ContestView, CreateContestDto, RoundView, UpdateContestDto, UpdateRoundDto } from './contest.dto';

export type { ContestRules } from './contest-rules';

/** Allowed prize codes per round (RULES §5): the semi-final has first and second prizes only. */
const ROUND_PRIZES = { semifinal: ['first', 'second'], final: ['first', 'second', 'third'] } as const;

/** Day of the week of a 'YYYY-MM-DD' date (0 = Sunday), from its parts, in UTC (no zone can move it). */
function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

@Injectable()
export class ContestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The current contest: the one of the latest year (then the latest created). */
  async current(em: EntityManager = this.dataSource.manager): Promise<Contest | null> {
    const [contest] = await em.getRepository(Contest).find({ order: { year: 'DESC', id: 'DESC' }, take: 1 });
    return contest ?? null;
  }

  /** The rules of the current contest (the default preset's when there is none). */
  async rules(em: EntityManager = this.dataSource.manager): Promise<ContestRules> {
    const contest = await this.current(em);
    return contest ? contestRules(contest) : defaultContestRules(Number(this.clock.today().slice(0, 4)));
  }


  async list(q: PageQuery): Promise<Page<ContestView>> {
    const { page, pageSize, skip } = pageWindow(q);
    const [rows, total] = await this.dataSource
      .getRepository(Contest)
      .findAndCount({ order: { year: 'DESC', id: 'DESC' }, skip, take: pageSize });
    // One read of the current contest and one of all the page's rounds, not two per contest.
    const em = this.dataSource.manager;
    const currentId = (await this.current(em))?.id ?? null;
    const rounds = rows.length ? await em.getRepository(ContestRound).find({ where: { contestId: In(rows.map((c) => c.id)) } }) : [];
    const views = rows.map((c) => this.viewOf(c, rounds.filter((r) => r.contestId === c.id), currentId));
    return { items: views, total, page, pageSize };
  }

  async get(id: number): Promise<ContestView> {
    return this.view(this.dataSource.manager, await findContest(this.dataSource.manager, id));
  }

  async getCurrent(): Promise<ContestView> {
    const contest = await this.current();
    if (!contest) throw new AppError('CONTEST_NOT_FOUND', 'No contest has been set up yet');
    return this.view(this.dataSource.manager, contest);
  }

  async create(user: AuthUser | string, dto: CreateContestDto): Promise<ContestView> {
    const preset = defaultPreset();
    const { presetVersion: _v, description: _d, subjects, youthCutoff, advancement, prizes, rounds, ...settings } = preset;
    const values = {
      code: dto.code,
      name: dto.name,
      year: dto.year,
      youthCutoffDate: dto.youthCutoff?.date ?? youthCutoff.date,
      youthCutoffInclusive: dto.youthCutoff?.inclusive ?? youthCutoff.inclusive,
      subjects: dto.subjects ?? subjects,
      advancement: dto.advancement ?? advancement,
      prizes: dto.prizes ?? prizes,
      holidays: dto.holidays ?? [],
      settings: settings as ContestSettings,
    };
    const roundDates = new Map((dto.rounds ?? []).map((r) => [r.code, r]));
    const roundRows = rounds.map((r) => {
      const given = roundDates.get(r.code);
      return {
        code: r.code,
        name: r.name,
        organiser: r.organiser,
        startsOn: given?.startsOn ?? null,
        endsOn: given?.endsOn ?? null,
        deadline: given?.deadline ?? `${dto.year}-${r.deadline}`,
      };
    });
    this.checkSettings(values, dto.rounds?.map((r) => r.code));
    roundRows.forEach((r, i) => this.checkRoundDates(r, `rounds.${i}`));

    return this.tx.run(async (em) => {
      const now = this.clock.nowIso();
      const current = await this.current(em);
      if (!current || dto.year >= current.year) await this.checkSubjectsInUse(em, values.subjects);
      const contest = em.getRepository(Contest).create({ ...values, createdAt: now, updatedAt: now });
      await em.getRepository(Contest).save(contest);
      const actor = user;
      await this.audit.append(em, { actor, action: 'contest.create', entityType: 'contest', entityId: contest.id, after: contest });
      for (const r of roundRows) {
        const round = em.getRepository(ContestRound).create({ ...r, contestId: contest.id, createdAt: now, updatedAt: now });
        await em.getRepository(ContestRound).save(round);
        await this.audit.append(em, { actor, action: 'round.create', entityType: 'contest_round', entityId: round.id, after: round });
      }
      return this.view(em, contest);
    });
  }

  async update(user: AuthUser, id: number, dto: UpdateContestDto): Promise<ContestView> {
    return this.tx.run(async (em) => {
      const before = await findContest(em, id);
      const after = Object.assign(new Contest(), before, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.year !== undefined && { year: dto.year }),
        ...(dto.youthCutoff !== undefined && {
          youthCutoffDate: dto.youthCutoff.date,
          youthCutoffInclusive: dto.youthCutoff.inclusive,
        }),
        ...(dto.subjects !== undefined && { subjects: dto.subjects }),
        ...(dto.advancement !== undefined && { advancement: dto.advancement }),
        ...(dto.prizes !== undefined && { prizes: dto.prizes }),
        ...(dto.holidays !== undefined && { holidays: dto.holidays }),
        updatedAt: this.clock.nowIso(),
      });
      this.checkSettings(after);
      // A subject still taught by registered teachers cannot leave the current contest's list.
      await em.getRepository(Contest).save(after);
      const currentId = (await this.current(em))?.id ?? null;
      if (currentId === after.id) await this.checkSubjectsInUse(em, after.subjects);
      await this.audit.append(em, {
        actor: user,
        action: 'contest.update',
        entityType: 'contest',
        entityId: id,
        before,
        after,
      });
      return this.viewOf(after, await em.getRepository(ContestRound).find({ where: { contestId: after.id } }), currentId);
    });
  }

  async rounds(id: number): Promise<RoundView[]> {
    await findContest(this.dataSource.manager, id);
    return this.roundViews(await this.dataSource.getRepository(ContestRound).find({ where: { contestId: id } }));
  }

  async updateRound(user: AuthUser, id: number, code: string, dto: UpdateRoundDto): Promise<RoundView> {
    if (!(ROUND_CODES as string[]).includes(code)) {
      throw AppError.field('VALIDATION_FAILED', 'code', 'isIn', `code must be one of ${ROUND_CODES.join(', ')}`);
    }
    return this.tx.run(async (em) => {
      await findContest(em, id);
      const before = await em.getRepository(ContestRound).findOneBy({ contestId: id, code: code as RoundCode });
      if (!before) throw new AppError('ROUND_NOT_FOUND', `Contest ${id} has no round ${code}`);
      const after = Object.assign(new ContestRound(), before, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.startsOn !== undefined && { startsOn: dto.startsOn }),
        ...(dto.endsOn !== undefined && { endsOn: dto.endsOn }),
        ...(dto.deadline !== undefined && { deadline: dto.deadline }),
        updatedAt: this.clock.nowIso(),
      });
      this.checkRoundDates(after, '');
      await em.getRepository(ContestRound).save(after);
      await this.audit.append(em, {
        actor: user,
        action: 'round.update',
        entityType: 'contest_round',
        entityId: after.id,
        before,
        after,
      });
      return this.roundView(after);
    });
  }

  /** Rules the DTO decorators cannot express (uniqueness, sums, calendar sense). */
  private checkSettings(
    c: { subjects: SubjectDef[]; prizes: Contest['prizes']; holidays: HolidayEntry[] },
    roundCodes?: string[],
  ): void {
    const details: ErrorDetail[] = [];
    const add = (field: string, rule: string, message: string) => details.push({ field, rule, message });
    const seen = new Set<string>();
    c.subjects.forEach((s, i) => {
      if (seen.has(s.code)) add(`subjects.${i}.code`, 'unique', `subject code ${s.code} appears twice`);
      seen.add(s.code);
      if (new Set(s.stages).size !== s.stages.length) add(`subjects.${i}.stages`, 'unique', 'a stage appears twice');
    });
    for (const round of ['semifinal', 'final'] as const) {
      const shares = c.prizes[round];
      const allowed: readonly string[] = ROUND_PRIZES[round];
      const codes = new Set<string>();
      shares.forEach((p, i) => {
        if (!allowed.includes(p.prize)) add(`prizes.${round}.${i}.prize`, 'isIn', `the ${round} awards only ${allowed.join(', ')} prizes`);
        if (codes.has(p.prize)) add(`prizes.${round}.${i}.prize`, 'unique', `${p.prize} appears twice`);
        codes.add(p.prize);
      });
      const total = shares.reduce((sum, p) => sum + p.share, 0);
      if (total > 100) add(`prizes.${round}`, 'max-100', `the ${round} prize shares add up to ${total}%, more than 100%`);
    }
    const dates = new Set<string>();
    c.holidays.forEach((h, i) => {
      if (dates.has(h.date)) add(`holidays.${i}.date`, 'unique', `${h.date} appears twice`);
      dates.add(h.date);
      const day = weekday(h.date);
      if (h.kind === 'workday' && day !== 0 && day !== 6) {
        add(`holidays.${i}.kind`, 'weekend', `${h.date} is a weekday; only a Saturday or Sunday can be a swapped working day`);
      }
    });
    if (roundCodes && new Set(roundCodes).size !== roundCodes.length) add('rounds', 'unique', 'a round appears twice');
    if (details.length) {
      throw new AppError('INVALID_CONTEST_SETTINGS', details.map((d) => d.message).join('; '), details);
    }
  }

  private checkRoundDates(r: { startsOn: string | null; endsOn: string | null; deadline: string }, prefix: string): void {
    const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
    if (r.startsOn && r.endsOn && r.startsOn > r.endsOn) {
      throw AppError.field('INVALID_CONTEST_SETTINGS', field('endsOn'), 'after-start', `endsOn ${r.endsOn} is before startsOn ${r.startsOn}`);
    }
    const last = r.endsOn ?? r.startsOn;
    if (last && r.deadline < last) {
      throw AppError.field('INVALID_CONTEST_SETTINGS', field('deadline'), 'after-round', `deadline ${r.deadline} is before the round ends (${last})`);
    }
  }

  /** 409 SUBJECT_IN_USE when teachers teach a subject (at a stage) the list no longer offers. */
  private async checkSubjectsInUse(em: EntityManager, subjects: SubjectDef[]): Promise<void> {
    const rows = await teachersPerSubjectAndStage(em);
    const offered = new Map(subjects.map((s) => [s.code, s.stages as string[]]));
    const missing = rows.filter((r) => !offered.get(r.subject)?.includes(r.stage));
    if (missing.length) {
      throw new AppError(
        'SUBJECT_IN_USE',
        'Registered teachers teach subjects the new list does not offer: ' +
          missing.map((r) => `${r.subject} (${r.stage}, ${Number(r.n)} teachers)`).join(', '),
        missing.map((r) => ({ field: 'subjects', rule: 'in-use', message: `${r.subject} at ${r.stage} is taught by ${Number(r.n)} teachers`, messageZh: `仍有${Number(r.n)}位教师任教该学科，不能从学科列表中删除` })),
      );
    }
  }

  roundView(r: ContestRound): RoundView {
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      organiser: r.organiser,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      deadline: r.deadline,
      deadlinePassed: this.clock.today() > r.deadline,
    };
  }

  private async view(em: EntityManager, c: Contest): Promise<ContestView> {
    const rounds = await em.getRepository(ContestRound).find({ where: { contestId: c.id } });
    return this.viewOf(c, rounds, (await this.current(em))?.id ?? null);
  }

  /** Rounds in their order preliminary, semi-final, final. */
  private roundViews(rounds: ContestRound[]): RoundView[] {
    return [...rounds].sort((a, b) => ROUND_CODES.indexOf(a.code) - ROUND_CODES.indexOf(b.code)).map((r) => this.roundView(r));
  }

  private viewOf(c: Contest, rounds: ContestRound[], currentId: number | null): ContestView {
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      year: c.year,
      isCurrent: currentId === c.id,
      youthCutoff: { date: c.youthCutoffDate, inclusive: c.youthCutoffInclusive },
      subjects: c.subjects,
      advancement: c.advancement,
      prizes: c.prizes,
      holidays: c.holidays,
      settings: c.settings,
      rounds: this.roundViews(rounds),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}
