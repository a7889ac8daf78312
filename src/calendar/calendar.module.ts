import { Module } from '@nestjs/common';
import { CALENDAR_EVENT_SOURCES, CalendarEventSource } from './calendar-event';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { TherapySessionEventSource } from './therapy-session-events';

@Module({
  controllers: [CalendarController],
  providers: [
    CalendarService,
    TherapySessionEventSource,
    // Connection calls join therapists' feeds here: add their CalendarEventSource to inject and the list.
    { provide: CALENDAR_EVENT_SOURCES, inject: [TherapySessionEventSource], useFactory: (...sources: CalendarEventSource[]) => sources },
  ],
})
export class CalendarModule {}
