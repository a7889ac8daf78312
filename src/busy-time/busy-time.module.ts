import { Module } from '@nestjs/common';
import { BusyTimeService } from './busy-time.service';

/** A therapist's busy time, shared by sessions, connection calls and time off. */
@Module({ providers: [BusyTimeService], exports: [BusyTimeService] })
export class BusyTimeModule {}
