import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { Clock, SystemClock } from './clock';
import { NothingToChangeInterceptor } from './nothing-to-change';

/** Shared providers: the clock (overridden in tests with a FakeClock); the empty-PATCH refusal. */
@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SystemClock(config.clockOffsetMs, config.timeZone),
    },
    { provide: APP_INTERCEPTOR, useClass: NothingToChangeInterceptor },
  ],
  exports: [Clock],
})
export class CommonModule {}
