import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AdvancementRates, ContestPreset, PrizeShare, SubjectDef } from '../domain/preset';

export interface HolidayEntry {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'holiday': a weekday off; 'workday': a weekend day worked (调休). */
  kind: 'holiday' | 'workday';
  name?: string;
}

/** The rest of the preset (sheets, aggregation, exclusion, …), kept with the contest as is. */
export type ContestSettings = Omit<
  ContestPreset,
  'presetVersion' | 'description' | 'subjects' | 'youthCutoff' | 'advancement' | 'prizes' | 'rounds'
>;

/** A contest (one year's 教学技能比赛) with its rules; the defaults come from the preset. */
@Entity({ name: 'contests' })
@Index('UQ_contests_code', ['code'], { unique: true })
export class Contest {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'integer' })
  year: number;

  /** 'YYYY-MM-DD': youth when born on/after (inclusive) or after this date. */
  @Column({ name: 'youth_cutoff_date', type: 'varchar', length: 10 })
  youthCutoffDate: string;

  @Column({ name: 'youth_cutoff_inclusive', type: 'boolean' })
  youthCutoffInclusive: boolean;

  @Column({ type: 'simple-json' })
  subjects: SubjectDef[];

  @Column({ type: 'simple-json' })
  advancement: { semifinal: AdvancementRates; final: AdvancementRates };

  @Column({ type: 'simple-json' })
  prizes: { semifinal: PrizeShare[]; final: PrizeShare[] };

  @Column({ type: 'simple-json' })
  holidays: HolidayEntry[];

  @Column({ type: 'simple-json' })
  settings: ContestSettings;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
