import { Module } from '@nestjs/common';
import { BusyTimeModule } from '../busy-time/busy-time.module';
import { TherapistsController } from './therapists.controller';
import { TherapistsService } from './therapists.service';
import { TimeOffService } from './time-off.service';

@Module({ imports: [BusyTimeModule], controllers: [TherapistsController], providers: [TherapistsService, TimeOffService], exports: [TherapistsService] })
export class TherapistsModule {}
