import { Module } from '@nestjs/common';
import { BusyTimeModule } from '../busy-time/busy-time.module';
import { TherapySessionsController } from './therapy-sessions.controller';
import { TherapySessionsService } from './therapy-sessions.service';

@Module({ imports: [BusyTimeModule], controllers: [TherapySessionsController], providers: [TherapySessionsService] })
export class TherapySessionsModule {}
