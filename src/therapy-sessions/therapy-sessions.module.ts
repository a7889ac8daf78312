import { Module } from '@nestjs/common';
import { BusyTimeModule } from '../busy-time/busy-time.module';
import { SessionNotifications } from './session-notifications';
import { TherapySessionsController } from './therapy-sessions.controller';
import { TherapySessionsService } from './therapy-sessions.service';

@Module({ imports: [BusyTimeModule], controllers: [TherapySessionsController], providers: [TherapySessionsService, SessionNotifications] })
export class TherapySessionsModule {}
