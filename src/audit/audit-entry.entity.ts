import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditRow } from '../domain/audit-chain';

/** One entry of the append-only, hash-chained audit log (see domain/audit-chain.ts). */
@Entity({ name: 'audit_entries' })
@Index('IDX_audit_entries_entity', ['entityType', 'entityId'])
export class AuditEntry implements AuditRow {
  /** 1, 2, 3, … without gaps; assigned by AuditService.append. */
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  /** ISO-8601 instant (the service clock). */
  @Column({ type: 'varchar', length: 32 })
  at: string;

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 50 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 100 })
  entityId: string;

  /** Canonical JSON of the entity before the change (null: created). */
  @Column({ type: 'text', nullable: true })
  before: string | null;

  /** Canonical JSON of the entity after the change (null: deleted). */
  @Column({ type: 'text', nullable: true })
  after: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
