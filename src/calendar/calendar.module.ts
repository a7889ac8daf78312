import { Module } from '@nestjs/common';
import { CALENDAR_EVENT_SOURCES, CalendarEventSource } from './calendar-event';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { ConnectionCallEventSource } from './connection-call-events';
import { TherapySessionEventSource } from './therapy-session-events';

@Module({
  controllers: [CalendarController],
  providers: [
    CalendarService,
    TherapySessionEventSource,
    ConnectionCallEventSource,
    {
      provide: CALENDAR_EVENT_SOURCES,
      inject: [TherapySessionEventSource, ConnectionCallEventSource],
      useFactory: (...sources: CalendarEventSource[]) => sources,
    },
  ],
})
export class CalendarModule {}
