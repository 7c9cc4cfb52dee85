/**
 * The demo's announcements, relative to the service's today so that they work on any start
 * date: in the first district, one school's preliminary list announced long enough ago to be
 * final, another's announced today (in its window) with one objection waiting for the district
 * officer. The rows are the schools' teachers in the contest (not in the district seat), with
 * their groups by the contest's cut-off.
 */
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, dateInZone } from '../common/clock';
import { findContest } from '../contests/find-contest';
import { Transactions } from '../database/transactions';
import { groupForTeacher, teacherStageForSchool } from '../domain/groups';
import { maskIdNumber } from '../domain/id-number';
import { addDays, contestCalendar, DEFAULT_WINDOW_DAYS, endOfDayInstant, noticeWindow } from '../domain/working-days';
import { districtsInOrder, participatingSchools, teachersOfSchools } from '../registry/find-registry';
import type { School } from '../registry/school.entity';
import { NoticeRowInput, NoticesService } from './notices.service';

export const DEMO_ANNOUNCER = 'system:demo-seed';

@Injectable()
export class AnnouncementsDemo {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly notices: NoticesService,
  ) {}

  /** Adds the demo notices to the demo contest; returns their ids (final one first). */
  async seed(contestId: number): Promise<{ finalNoticeId: number; openNoticeId: number } | null> {
    const em = this.dataSource.manager;
    const contest = await findContest(em, contestId);
    const [district] = await districtsInOrder(em);
    if (!district) return null;
    const schools = (await participatingSchools(em, district.id)).sort((x, y) => (x.code < y.code ? -1 : 1)).slice(0, 2);
    if (schools.length < 2) return null;
    const rowsOf = async (s: School): Promise<NoticeRowInput[]> => {
      const teachers = (await teachersOfSchools(em, [s.id])).filter((t) => !t.transferredToSeat);
      const subjects = new Map(contest.subjects.map((x) => [x.code, x.name]));
      const groups = new Map<string, string>((contest.settings?.groups ?? []).map((g) => [g.code, g.name]));
      return teachers.map((t) => {
        const group = groupForTeacher({ birthCompact: t.birthDate.replace(/-/g, ''), stage: teacherStageForSchool(s.stage, t.stage) }, { date: contest.youthCutoffDate, inclusive: contest.youthCutoffInclusive });
        return { teacherName: t.name, schoolName: s.name, schoolId: s.id, subject: subjects.get(t.subject) ?? t.subject, group: groups.get(group) ?? group, maskedId: maskIdNumber(t.idNumber), note: '', ref: `teacher:${t.id}` };
      });
    };
    // The last publication date whose window closed before today.
    const days = contest.settings?.announcement?.workingDays ?? DEFAULT_WINDOW_DAYS;
    const today = this.clock.today();
    let past = addDays(today, -days);
    while (noticeWindow(past, days, contestCalendar(contest.holidays ?? [])).closes >= today) past = addDays(past, -1);
    // 09:00 of that day in the contest time zone.
    const pastAt = new Date(endOfDayInstant(addDays(past, -1), this.clock.timeZone).getTime() + 9 * 3_600_000);
    if (dateInZone(pastAt, this.clock.timeZone) !== past) throw new Error('demo: the past publication instant is off');
    const title = (s: School) => `${contest.name} ${s.name}初赛参赛名单公示`;
    const ids = await this.tx.run(async (tem) => {
      const a = await this.notices.publish(tem, DEMO_ANNOUNCER, {
        contestId,
        kind: 'preliminary',
        scopeKey: `school:${schools[0].id}`,
        issuer: { level: 'school', id: schools[0].id, name: schools[0].name, districtId: district.id },
        title: title(schools[0]),
        rows: await rowsOf(schools[0]),
        objectionContact: `${district.name}教育局教师发展中心（工作日 8:30—17:30）`,
        publishedAt: pastAt,
      });
      const b = await this.notices.publish(tem, DEMO_ANNOUNCER, {
        contestId,
        kind: 'preliminary',
        scopeKey: `school:${schools[1].id}`,
        issuer: { level: 'school', id: schools[1].id, name: schools[1].name, districtId: district.id },
        title: title(schools[1]),
        rows: await rowsOf(schools[1]),
        objectionContact: `${district.name}教育局教师发展中心（工作日 8:30—17:30）`,
      });
      return { finalNoticeId: a.id, openNoticeId: b.id };
    });
    const [row] = await this.notices.rowsOf(em, ids.openNoticeId);
    if (row) {
      await this.notices.lodge(ids.openNoticeId, { name: '（演示）王某', contact: 'demo-objector@example.com', rowId: row.id, grounds: '（演示异议）该教师本学期已调往县城学校任教，不应列入本校初赛名单。' });
    }
    this.logger.log(`Demo notices: ${ids.finalNoticeId} (published ${past}, final) and ${ids.openNoticeId} (in its window, one objection)`);
    return ids;
  }
}
