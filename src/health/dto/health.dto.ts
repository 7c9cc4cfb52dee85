/** The response bodies of the health and no-op endpoints. */
import { ApiProperty } from '@nestjs/swagger';

export class HealthView {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ enum: ['sqlite', 'postgres'] }) database: 'sqlite' | 'postgres';
  @ApiProperty({ description: 'the service clock (CLOCK_OFFSET applied)' }) time: string;
  @ApiProperty({ description: "today's date in the contest's time zone" }) today: string;
}

/** A no-op's answer (the framework and score-entry benchmarks' baselines). */
export class PingView {
  @ApiProperty({ example: true }) ok: boolean;
}
