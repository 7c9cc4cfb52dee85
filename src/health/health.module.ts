import { Module } from '@nestjs/common';
import { HealthController, PingController } from './health.controller';

@Module({ controllers: [HealthController, PingController] })
export class HealthModule {}
