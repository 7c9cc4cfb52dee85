import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../common/roles';
import { District } from '../registry/district.entity';
import { School } from '../registry/school.entity';


/**
 * A login. Scope: a district admin has `districtId`; a school admin has `schoolId` (and the
 * school's `districtId`); a judge may name the school they teach at (`schoolId`, for conflicts of
 * interest when judging) but sees nothing of the registry.
 */
@Entity({ name: 'accounts' })
@Index('UQ_accounts_username', ['username'], { unique: true })
export class Account {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** argon2id hash (never returned, never audited). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ name: 'district_id', type: 'integer', nullable: true })
  districtId: number | null;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id', foreignKeyConstraintName: 'FK_accounts_district' })
  district?: District;

  @Column({ name: 'school_id', type: 'integer', nullable: true })
  schoolId: number | null;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'FK_accounts_school' })
  school?: School;

  @Column({ type: 'boolean' })
  active: boolean;

  /** Raised when the password changes or the account is disabled: older tokens stop working. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** True while the account has the demo's known password (set by the demo seed only). */
  @Column({ name: 'demo_password', type: 'boolean', default: false })
  demoPassword: boolean;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
