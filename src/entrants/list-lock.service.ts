/**
 * When may a school change its preliminary entrant list? One place for the deadline and the lock,
 * used by the entrant-list features and by the registry (teacher edits by a school admin).
 *
 *   effective deadline = the preliminary round's deadline, or the school's extension if later;
 *                        the day itself is inclusive, compared with Clock.today()
 *   DEADLINE_PASSED    = today is after the effective deadline
 *   LIST_LOCKED        = the list is submitted (until the school reopens it)
 */
import { can } from '../access/policy';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AuthUser } from '../common/roles';
import { findRound } from '../contests/find-contest';
import { ContestsService } from '../contests/contests.service';
import { EntrantList } from './entrant-list.entity';

/** The later of the round's deadline and the school's extension. */
export function effectiveDeadline(roundDeadline: string, list: Pick<EntrantList, 'extendedTo'> | null): string {
  const extended = list?.extendedTo ?? null;
  return extended !== null && extended > roundDeadline ? extended : roundDeadline;
}

@Injectable()
export class ListLockService {
  constructor(
    private readonly clock: Clock,
    private readonly contests: ContestsService,
  ) {}

  deadlinePassed(deadline: string): boolean {
    return this.clock.today() > deadline;
  }

  /** DEADLINE_PASSED after the school's effective deadline. */
  assertBeforeDeadline(list: EntrantList | null, roundDeadline: string): void {
    const deadline = effectiveDeadline(roundDeadline, list);
    if (this.deadlinePassed(deadline)) {
      throw new AppError(
        'DEADLINE_PASSED',
        `The deadline for the preliminary entrant list was ${deadline} (today is ${this.clock.today()}); ask the district for an extension`,
      );
    }
  }

  /** Refuses a change by the school: first the deadline (reopening would not help), then the lock. */
  assertOpen(list: EntrantList | null, roundDeadline: string): void {
    this.assertBeforeDeadline(list, roundDeadline);
    if (list?.state === 'submitted') {
      throw new AppError('LIST_LOCKED', `The entrant list was submitted at ${list.submittedAt} and is locked; reopen it before changing it`);
    }
  }

  /**
   * The registry calls this before a school admin creates or changes a teacher of these schools:
   * the current contest's preliminary list of each school must be open (see assertOpen).
   * Other roles (the district and the city, the level above) and system tasks are not bound.
   */
  async assertTeachersEditable(em: EntityManager, user: AuthUser | null, schoolIds: number[]): Promise<void> {
    if (!user || can(user, 'teacher.writePastListLock')) return;
    const contest = await this.contests.current(em);
    if (!contest) return;
    const round = await findRound(em, contest.id, 'preliminary');
    if (!round) return;
    for (const schoolId of new Set(schoolIds)) {
      const list = await em.getRepository(EntrantList).findOneBy({ contestId: contest.id, schoolId });
      this.assertOpen(list, round.deadline);
    }
  }
}
