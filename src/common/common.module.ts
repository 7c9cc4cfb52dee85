import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock, SystemClock } from './clock';

/** Shared providers: the clock (overridden in tests with a FakeClock). */
@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SystemClock(config.clockOffsetMs, config.timeZone),
    },
  ],
  exports: [Clock],
})
export class CommonModule {}
