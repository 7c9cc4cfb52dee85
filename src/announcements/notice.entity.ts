/**
 * Public announcements (公示, RULES §6): notices with their rows, objections, their resolutions,
 * integrity cases recorded against a school, and the city's explicit exclusions of a district
 * from the final's gates. A published notice and its rows are never changed; a correction is a
 * new supplementary notice (补充公示) naming the one it supplements.
 */
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Contest } from '../contests/contest.entity';
import { District } from '../registry/district.entity';
import { School } from '../registry/school.entity';

/** The lists of RULES §6's table. */
export const NOTICE_KINDS = ['preliminary', 'semifinalists', 'finalists', 'semifinal-awards', 'final-awards'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type BodyLevel = 'school' | 'district' | 'city';

/** Stored state; 'closed' and 'final' follow from the clock and the objections (see noticeState). */
export type StoredNoticeState = 'draft' | 'published';
export type NoticeState = 'draft' | 'published' | 'closed' | 'final';

@Entity({ name: 'ann_notices' })
@Index('IDX_ann_notices_scope', ['contestId', 'kind', 'scopeKey'])
export class Notice {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_ann_notices_contest' })
  contest?: Contest;

  @Column({ type: 'varchar', length: 24 }) kind: NoticeKind;
  /** The round the list belongs to: 'preliminary' | 'semifinal' | 'final'. */
  @Column({ name: 'round_code', type: 'varchar', length: 16 }) roundCode: string;
  /** Which list of its kind: 'school:<id>', 'district:<id>' or 'city'. */
  @Column({ name: 'scope_key', type: 'varchar', length: 32 }) scopeKey: string;

  @Column({ name: 'issuer_level', type: 'varchar', length: 16 }) issuerLevel: BodyLevel;
  @Column({ name: 'issuer_id', type: 'integer', nullable: true }) issuerId: number | null;
  @Column({ name: 'issuer_name', type: 'varchar', length: 200 }) issuerName: string;
  /** The body that resolves objections (RULES §6's table). */
  @Column({ name: 'resolver_level', type: 'varchar', length: 16 }) resolverLevel: BodyLevel;
  @Column({ name: 'resolver_id', type: 'integer', nullable: true }) resolverId: number | null;
  @Column({ name: 'resolver_name', type: 'varchar', length: 200 }) resolverName: string;

  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ name: 'objection_contact', type: 'varchar', length: 300 }) objectionContact: string;
  @Column({ name: 'row_count', type: 'integer' }) rowCount: number;

  @Column({ type: 'varchar', length: 16 }) state: StoredNoticeState;
  /** Working days of the window (N). */
  @Column({ name: 'window_days', type: 'integer' }) windowDays: number;
  /** Publication date (contest time zone) and the last working day; closes at 24:00 of it. */
  @Column({ name: 'opens_on', type: 'varchar', length: 10, nullable: true }) opensOn: string | null;
  @Column({ name: 'closes_on', type: 'varchar', length: 10, nullable: true }) closesOn: string | null;
  /** The instant of 24:00 of closes_on in the contest time zone (ISO). */
  @Column({ name: 'closes_at', type: 'varchar', length: 32, nullable: true }) closesAt: string | null;
  @Column({ name: 'working_days', type: 'simple-json', nullable: true }) workingDays: string[] | null;
  @Column({ name: 'calendar_covers', type: 'boolean' }) calendarCovers: boolean;

  /** The audit chain head at publication: the notice.publish entry itself (it carries contentHash). */
  @Column({ name: 'audit_seq', type: 'integer', nullable: true }) auditSeq: number | null;
  @Column({ name: 'audit_hash', type: 'varchar', length: 64, nullable: true }) auditHash: string | null;
  /** sha256 of the canonical JSON of the notice's published content (title, body, rows, window). */
  @Column({ name: 'content_hash', type: 'varchar', length: 64, nullable: true }) contentHash: string | null;

  @Column({ name: 'supplements_notice_id', type: 'integer', nullable: true }) supplementsNoticeId: number | null;
  @ManyToOne(() => Notice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supplements_notice_id', foreignKeyConstraintName: 'FK_ann_notices_supplements' })
  supplements?: Notice;

  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true }) publishedAt: string | null;
  @Column({ name: 'published_by', type: 'varchar', length: 100, nullable: true }) publishedBy: string | null;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

/** One row of a notice, as published (names and masked ID copied: the notice never changes). */
@Entity({ name: 'ann_notice_rows' })
@Index('IDX_ann_notice_rows_notice', ['noticeId', 'position'])
export class NoticeRow {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'notice_id', type: 'integer' }) noticeId: number;
  @ManyToOne(() => Notice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notice_id', foreignKeyConstraintName: 'FK_ann_notice_rows_notice' })
  notice?: Notice;

  @Column({ type: 'integer' }) position: number;
  @Column({ name: 'teacher_name', type: 'varchar', length: 100 }) teacherName: string;
  @Column({ name: 'school_name', type: 'varchar', length: 200 }) schoolName: string;
  @Column({ name: 'school_id', type: 'integer', nullable: true }) schoolId: number | null;
  @Column({ type: 'varchar', length: 64 }) subject: string;
  @Column({ name: 'group_name', type: 'varchar', length: 64 }) group: string;
  @Column({ name: 'masked_id', type: 'varchar', length: 32 }) maskedId: string;
  /** 推荐/抽取/递补, or the award. */
  @Column({ type: 'varchar', length: 100 }) note: string;
  /** The owning feature's opaque key of the row (e.g. a round entrant id, an award id). */
  @Column({ type: 'varchar', length: 64 }) ref: string;
}

export type ObjectionState = 'pending' | 'upheld' | 'rejected';

/**
 * An objection (异议). The objector's identity (name, contact) is stored here once and read only
 * by the resolving body's endpoints; never in a public answer, a log line or an export.
 */
@Entity({ name: 'ann_objections' })
@Index('UQ_ann_objections_receipt', ['receiptCode'], { unique: true })
@Index('IDX_ann_objections_notice', ['noticeId', 'state'])
export class Objection {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'notice_id', type: 'integer' }) noticeId: number;
  @ManyToOne(() => Notice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notice_id', foreignKeyConstraintName: 'FK_ann_objections_notice' })
  notice?: Notice;

  /** The row concerned, or null for the list as a whole. */
  @Column({ name: 'row_id', type: 'integer', nullable: true }) rowId: number | null;
  @ManyToOne(() => NoticeRow, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'row_id', foreignKeyConstraintName: 'FK_ann_objections_row' })
  row?: NoticeRow;

  @Column({ name: 'receipt_code', type: 'varchar', length: 16 }) receiptCode: string;
  @Column({ name: 'objector_name', type: 'varchar', length: 50 }) objectorName: string;
  @Column({ name: 'objector_contact', type: 'varchar', length: 100 }) objectorContact: string;
  @Column({ type: 'text' }) grounds: string;
  @Column({ type: 'varchar', length: 16 }) state: ObjectionState;
  @Column({ name: 'lodged_at', type: 'varchar', length: 32 }) lodgedAt: string;
}

export type Decision = 'upheld' | 'rejected';

@Entity({ name: 'ann_resolutions' })
@Index('UQ_ann_resolutions_objection', ['objectionId'], { unique: true })
export class Resolution {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'objection_id', type: 'integer' }) objectionId: number;
  @ManyToOne(() => Objection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'objection_id', foreignKeyConstraintName: 'FK_ann_resolutions_objection' })
  objection?: Objection;

  @Column({ type: 'varchar', length: 16 }) decision: Decision;
  /** Upheld because the information was falsified (the entrant is disqualified, a case recorded). */
  @Column({ type: 'boolean' }) falsified: boolean;
  @Column({ type: 'varchar', length: 1000 }) reason: string;
  /** What the owning feature did (its handler's summary), and the supplementary notice if any. */
  @Column({ type: 'varchar', length: 1000 }) outcome: string;
  @Column({ name: 'supplementary_notice_id', type: 'integer', nullable: true }) supplementaryNoticeId: number | null;
  @Column({ name: 'resolved_by', type: 'varchar', length: 100 }) resolvedBy: string;
  @Column({ name: 'resolved_at', type: 'varchar', length: 32 }) resolvedAt: string;
}

/** An upheld falsification recorded against the responsible school (RULES §5 team/organisation awards read it). */
@Entity({ name: 'ann_integrity_cases' })
@Index('IDX_ann_integrity_cases_school', ['contestId', 'schoolId'])
export class IntegrityCase {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_ann_integrity_cases_contest' })
  contest?: Contest;
  @Column({ name: 'school_id', type: 'integer' }) schoolId: number;
  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_ann_integrity_cases_school' })
  school?: School;
  @Column({ name: 'notice_id', type: 'integer' }) noticeId: number;
  @ManyToOne(() => Notice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'notice_id', foreignKeyConstraintName: 'FK_ann_integrity_cases_notice' })
  notice?: Notice;
  @Column({ name: 'objection_id', type: 'integer' }) objectionId: number;
  @ManyToOne(() => Objection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'objection_id', foreignKeyConstraintName: 'FK_ann_integrity_cases_objection' })
  objection?: Objection;
  @Column({ type: 'varchar', length: 1000 }) reason: string;
  @Column({ name: 'created_by', type: 'varchar', length: 100 }) createdBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
}

/** The city leaves a district with no semi-final at all out of the final's allocation, explicitly. */
@Entity({ name: 'ann_final_exclusions' })
@Index('UQ_ann_final_exclusions', ['contestId', 'districtId'], { unique: true })
export class FinalExclusion {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_ann_final_exclusions_contest' })
  contest?: Contest;
  @Column({ name: 'district_id', type: 'integer' }) districtId: number;
  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id', foreignKeyConstraintName: 'FK_ann_final_exclusions_district' })
  district?: District;
  @Column({ type: 'varchar', length: 500 }) reason: string;
  @Column({ name: 'created_by', type: 'varchar', length: 100 }) createdBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
}
