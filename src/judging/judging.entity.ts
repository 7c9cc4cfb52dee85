/**
 * Judging: a school's own preliminary sheet, panels with their judges and contestants,
 * judges' private links, and score sheets with every version kept.
 */
import { Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../auth/account.entity';
import { RoundEntrant } from '../contestants/round-entrant.entity';
import { Contest } from '../contests/contest.entity';
import type { GroupCode, RoundCode } from '../domain/preset';
import type { SheetItem } from '../domain/sheets';
import { School } from '../registry/school.entity';

/** A school's own preliminary sheet (RULES §3): the base sheet plus added items, totalling 100. */
@Entity({ name: 'school_sheets' })
@Index('UQ_school_sheets_contest_school', ['contestId', 'schoolId'], { unique: true })
export class SchoolSheet {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_school_sheets_contest' })
  contest?: Contest;

  @Column({ name: 'school_id', type: 'integer' }) schoolId: number;
  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_school_sheets_school' })
  school?: School;

  /** The effective sheet (items in form order). */
  @Column({ type: 'simple-json' }) items: SheetItem[];
  /** As requested: added items and reweighted points, for the record. */
  @Column({ type: 'simple-json' }) added: { key: string; name: string; points: number }[];
  @Column({ type: 'simple-json' }) reweighted: Record<string, number>;

  @Column({ name: 'updated_by', type: 'varchar', length: 100 }) updatedBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

export type PanelState = 'open' | 'locked';

/** A judging panel: one round, one group, one session (场次), run by a school, district or the city. */
@Entity({ name: 'panels' })
@Index('UQ_panels_contest_code', ['contestId', 'code'], { unique: true })
@Index('IDX_panels_contest_round', ['contestId', 'round'])
export class Panel {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'contest_id', type: 'integer' }) contestId: number;
  @ManyToOne(() => Contest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'FK_panels_contest' })
  contest?: Contest;

  /** ASCII code (the unit code of the order-of-appearance draw). */
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 16 }) round: RoundCode;
  @Column({ name: 'group_code', type: 'varchar', length: 16 }) groupCode: GroupCode;
  /** Session label, e.g. '上午第一场'. */
  @Column({ type: 'varchar', length: 100 }) session: string;

  /** What the panel judges: its subject (null: made by hand without one, any subject). */
  @Column({ type: 'varchar', length: 32, nullable: true }) subject: string | null;
  /** A merged panel's groups (null: groupCode alone). */
  @Column({ name: 'merged_groups', type: 'simple-json', nullable: true }) mergedGroups: GroupCode[] | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) room: string | null;
  /** The session's date ('YYYY-MM-DD') and time ('HH:MM'). */
  @Column({ name: 'session_date', type: 'varchar', length: 10, nullable: true }) sessionDate: string | null;
  @Column({ name: 'session_time', type: 'varchar', length: 5, nullable: true }) sessionTime: string | null;
  /** The accepted round plan that created the panel (null: made by hand). */
  @Column({ name: 'plan_id', type: 'integer', nullable: true }) planId: number | null;
  /** Scoring extended past the round's last day, to this day inclusive (set by the organiser with a reason). */
  @Column({ name: 'scoring_until', type: 'varchar', length: 10, nullable: true }) scoringUntil: string | null;

  /** Organiser scope: the school (preliminary), the district (semi-final); both null for the city (final). */
  @Column({ name: 'school_id', type: 'integer', nullable: true }) schoolId: number | null;
  @Column({ name: 'district_id', type: 'integer', nullable: true }) districtId: number | null;

  @Column({ type: 'varchar', length: 16 }) state: PanelState;
  @Column({ type: 'boolean' }) announced: boolean;

  /** 'manual' | 'draw' | null (order of entry so far). */
  @Column({ name: 'order_source', type: 'varchar', length: 16, nullable: true }) orderSource: 'manual' | 'draw' | null;
  /** The contest-draw/1 record (JSON text, exactly as produced). */
  @Column({ name: 'draw_record', type: 'text', nullable: true }) drawRecord: string | null;

  @Column({ name: 'locked_at', type: 'varchar', length: 32, nullable: true }) lockedAt: string | null;
  @Column({ name: 'locked_by', type: 'varchar', length: 100, nullable: true }) lockedBy: string | null;
  @Column({ name: 'announced_at', type: 'varchar', length: 32, nullable: true }) announcedAt: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

@Entity({ name: 'panel_judges' })
@Index('UQ_panel_judges_panel_account', ['panelId', 'accountId'], { unique: true })
/** One head judge per panel. */
@Index('UQ_panel_judges_head', ['panelId'], { unique: true, where: 'is_head = true' })
@Index('IDX_panel_judges_account', ['accountId'])
export class PanelJudge {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'panel_id', type: 'integer' }) panelId: number;
  @ManyToOne(() => Panel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'FK_panel_judges_panel' })
  panel?: Panel;

  @Column({ name: 'account_id', type: 'integer' }) accountId: number;
  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_panel_judges_account' })
  account?: Account;

  @Column({ name: 'is_head', type: 'boolean' }) isHead: boolean;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
}

@Entity({ name: 'panel_contestants' })
@Index('UQ_panel_contestants_entrant', ['entrantId'], { unique: true })
@Index('UQ_panel_contestants_panel_entrant', ['panelId', 'entrantId'], { unique: true })
@Index('IDX_panel_contestants_panel', ['panelId'])
export class PanelContestant {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'panel_id', type: 'integer' }) panelId: number;
  @ManyToOne(() => Panel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'FK_panel_contestants_panel' })
  panel?: Panel;

  @Column({ name: 'entrant_id', type: 'integer' }) entrantId: number;
  @ManyToOne(() => RoundEntrant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entrant_id', foreignKeyConstraintName: 'FK_panel_contestants_entrant' })
  entrant?: RoundEntrant;

  /** Order of appearance, 1-based. */
  @Column({ type: 'integer' }) position: number;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
}

/** A judge's private link: only the SHA-256 of the token is stored. */
@Entity({ name: 'judge_links' })
@Index('UQ_judge_links_token_hash', ['tokenHash'], { unique: true })
export class JudgeLink {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'panel_judge_id', type: 'integer' }) panelJudgeId: number;
  @ManyToOne(() => PanelJudge, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'panel_judge_id', foreignKeyConstraintName: 'FK_judge_links_panel_judge' })
  panelJudge?: PanelJudge;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ name: 'created_by', type: 'varchar', length: 100 }) createdBy: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true }) revokedAt: string | null;
  @Column({ name: 'revoked_by', type: 'varchar', length: 100, nullable: true }) revokedBy: string | null;
}

export type SheetState = 'draft' | 'submitted';

/** A judge's current sheet for one contestant on one panel. */
@Entity({ name: 'score_sheets' })
@Index('UQ_score_sheets_panel_judge_entrant', ['panelId', 'judgeId', 'entrantId'], { unique: true })
/** The judge's seat on the panel and the contestant's place on it. */
@ForeignKey(() => PanelJudge, ['panelId', 'judgeId'], ['panelId', 'accountId'], { name: 'FK_score_sheets_seat', onDelete: 'RESTRICT' })
@ForeignKey(() => PanelContestant, ['panelId', 'entrantId'], ['panelId', 'entrantId'], { name: 'FK_score_sheets_place', onDelete: 'RESTRICT' })
export class ScoreSheet {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'panel_id', type: 'integer' }) panelId: number;
  @ManyToOne(() => Panel, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'FK_score_sheets_panel' })
  panel?: Panel;

  /** accounts.id of the judge. */
  @Column({ name: 'judge_id', type: 'integer' }) judgeId: number;
  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'judge_id', foreignKeyConstraintName: 'FK_score_sheets_judge' })
  judge?: Account;

  @Column({ name: 'entrant_id', type: 'integer' }) entrantId: number;
  @ManyToOne(() => RoundEntrant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entrant_id', foreignKeyConstraintName: 'FK_score_sheets_entrant' })
  entrant?: RoundEntrant;

  @Column({ type: 'varchar', length: 16 }) state: SheetState;
  @Column({ type: 'integer' }) version: number;
  /** Item scores in integer tenths, in sheet order. */
  @Column({ type: 'simple-json' }) tenths: number[];
  @Column({ name: 'item_keys', type: 'simple-json' }) itemKeys: string[];
  @Column({ name: 'total_tenths', type: 'integer' }) totalTenths: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt: string;
}

/** Every version of a sheet (save, submit, reopen), never changed. */
@Entity({ name: 'score_sheet_versions' })
@Index('UQ_score_sheet_versions_sheet_version', ['sheetId', 'version'], { unique: true })
@Index('UQ_score_sheet_versions_client', ['clientId'], { unique: true })
export class ScoreSheetVersion {
  @PrimaryGeneratedColumn({ type: 'integer' }) id: number;

  @Column({ name: 'sheet_id', type: 'integer' }) sheetId: number;
  @ManyToOne(() => ScoreSheet, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sheet_id', foreignKeyConstraintName: 'FK_score_sheet_versions_sheet' })
  sheet?: ScoreSheet;

  /** The sheet's version this row made; null for a rejected entry (it never became the sheet). */
  @Column({ type: 'integer', nullable: true }) version: number | null;
  /** save/submit: the state entered; rejected: the state the device tried to store. */
  @Column({ type: 'varchar', length: 16 }) state: SheetState;
  @Column({ type: 'simple-json' }) tenths: number[];
  @Column({ name: 'total_tenths', type: 'integer' }) totalTenths: number;
  /** The client-generated id of the save/submit (null for a reopen). */
  @Column({ name: 'client_id', type: 'varchar', length: 64, nullable: true }) clientId: string | null;
  /** 'save' | 'submit' | 'reopen' | 'rejected' (refused because the sheet had changed; `reason` says how). */
  @Column({ type: 'varchar', length: 16 }) action: 'save' | 'submit' | 'reopen' | 'rejected';
  /** The version the device based the entry on (null: not said). */
  @Column({ name: 'based_on', type: 'integer', nullable: true }) basedOn: number | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
  @Column({ type: 'varchar', length: 32 }) at: string;
  @Column({ type: 'varchar', length: 100 }) by: string;
}
