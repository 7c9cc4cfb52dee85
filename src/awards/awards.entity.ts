/**
 * Prizes, awards and certificates (RULES §5): the contest's award options, each round's computed
 * award list (a district's semi-final or the city's final) with its report, the awards themselves
 * with their certificate numbers, and the cases recorded against a school when an objection to one
 * of its awards is upheld.
 */
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Contest } from '../contests/contest.entity';
import type { GroupCode, PrizeCode } from '../domain/preset';
import type { AwardReport } from './awards.model';

/** The contest's award options (defaults in awards.model.ts AWARD_DEFAULTS until the city changes them). */
@Entity({ name: 'award_settings' })
@Index('UQ_award_settings_contest', ['contestId'], { unique: true })
export class AwardSettings {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_award_settings_contest' })
  contest?: Contest;
  @Column({ name: 'first_prize_in_every_group', type: 'boolean' }) firstPrizeInEveryGroup: boolean;
  @Column({ name: 'team_share', type: 'integer' }) teamShare: number;
  @Column({ name: 'participation_percent', type: 'integer' }) participationPercent: number;
  @Column({ name: 'single_item_awards', type: 'boolean' }) singleItemAwards: boolean;
  @Column({ name: 'updated_by', type: 'varchar', length: 100 }) updatedBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

export type AwardRoundCode = 'semifinal' | 'final';
/** computed → published (notice with its window) → final (window closed, every objection resolved; certificates issued). */
export type AwardRoundState = 'computed' | 'published' | 'final';

@Entity({ name: 'award_rounds' })
@Index('UQ_award_rounds_scope', ['contestId', 'round', 'scopeKey'], { unique: true })
export class AwardRound {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_award_rounds_contest' })
  contest?: Contest;
  @Column({ type: 'varchar', length: 16 }) round: AwardRoundCode;
  /** 'district:<id>' for a district's semi-final, 'city' for the final. */
  @Column({ name: 'scope_key', type: 'varchar', length: 32 }) scopeKey: string;
  @Column({ name: 'district_id', type: 'integer', nullable: true }) districtId: number | null;
  /** The round code used in certificate numbers ('final', 'semifinal_<districtCode>'). */
  @Column({ name: 'number_code', type: 'varchar', length: 64 }) numberCode: string;
  @Column({ type: 'varchar', length: 16 }) state: AwardRoundState;
  @Column({ type: 'simple-json' }) report: AwardReport;
  @Column({ name: 'computed_by', type: 'varchar', length: 100 }) computedBy: string;
  @Column({ name: 'computed_at', type: 'varchar', length: 32 }) computedAt: string;
  @Column({ name: 'published_by', type: 'varchar', length: 100, nullable: true }) publishedBy: string | null;
  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true }) publishedAt: string | null;
  /** The notice (RULES §6) the list was published in. */
  @Column({ name: 'notice_id', type: 'integer', nullable: true }) noticeId: number | null;
  @Column({ name: 'final_at', type: 'varchar', length: 32, nullable: true }) finalAt: string | null;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

export type AwardKind = 'prize' | 'single-item' | 'team' | 'organisation';
export type AwardStatus = 'active' | 'revoked';

/** One prize or award of a round's list; `certificateNo` is fixed when the list is final. */
@Entity({ name: 'awards' })
@Index('IDX_awards_round', ['awardRoundId'])
@Index('IDX_awards_school', ['contestId', 'schoolId'])
@Index('UQ_awards_certificate', ['certificateNo'], { unique: true })
export class Award {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'award_round_id', type: 'integer' }) awardRoundId: number;
  @ManyToOne(() => AwardRound, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'award_round_id', foreignKeyConstraintName: 'FK_awards_round' })
  awardRound?: AwardRound;
  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @Column({ type: 'varchar', length: 16 }) round: AwardRoundCode;
  @Column({ type: 'varchar', length: 16 }) kind: AwardKind;
  @Column({ type: 'varchar', length: 16, nullable: true }) prize: PrizeCode | null;
  /** The award as printed: '一等奖', '单项奖（课堂教学）', '优秀团队奖', '组织奖'. */
  @Column({ type: 'varchar', length: 100 }) label: string;
  /** '<subject>-<group>' of a prize group (null for school awards). */
  @Column({ name: 'group_key', type: 'varchar', length: 64, nullable: true }) groupKey: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) subject: string | null;
  @Column({ name: 'group_code', type: 'varchar', length: 16, nullable: true }) groupCode: GroupCode | null;
  @Column({ name: 'entrant_id', type: 'integer', nullable: true }) entrantId: number | null;
  @Column({ name: 'teacher_id', type: 'integer', nullable: true }) teacherId: number | null;
  @Column({ name: 'school_id', type: 'integer' }) schoolId: number;
  @Column({ name: 'district_id', type: 'integer' }) districtId: number;
  /** The teacher's name, or the school's for a team or organisation award. */
  @Column({ name: 'holder_name', type: 'varchar', length: 200 }) holderName: string;
  @Column({ name: 'school_name', type: 'varchar', length: 200 }) schoolName: string;
  /** The holder's ID number masked (RULES §2) for notices; null for a school award. */
  @Column({ name: 'masked_id', type: 'varchar', length: 32, nullable: true }) maskedId: string | null;
  @Column({ type: 'integer', nullable: true }) rank: number | null;
  /** 1-based order within the round's list (the certificate's NNNN). */
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'varchar', length: 16 }) status: AwardStatus;
  @Column({ name: 'revoked_reason', type: 'varchar', length: 2000, nullable: true }) revokedReason: string | null;
  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true }) revokedAt: string | null;
  @Column({ name: 'certificate_no', type: 'varchar', length: 120, nullable: true }) certificateNo: string | null;
  @Column({ name: 'issued_at', type: 'varchar', length: 32, nullable: true }) issuedAt: string | null;
  /** The supplementary notice (补充公示) that last changed this award; its certificate waits for it to be final. */
  @Column({ name: 'correction_notice_id', type: 'integer', nullable: true }) correctionNoticeId: number | null;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

/** A case recorded against a school: an upheld objection removed one of its awards. */
@Entity({ name: 'award_school_cases' })
@Index('IDX_award_school_cases_school', ['contestId', 'schoolId'])
export class AwardSchoolCase {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;
  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @Column({ name: 'school_id', type: 'integer' }) schoolId: number;
  @Column({ name: 'award_id', type: 'integer' }) awardId: number;
  @ManyToOne(() => Award, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'award_id', foreignKeyConstraintName: 'FK_award_school_cases_award' })
  award?: Award;
  @Column({ type: 'varchar', length: 2000 }) reason: string;
  @Column({ name: 'recorded_by', type: 'varchar', length: 100 }) recordedBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
}
