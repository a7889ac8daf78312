import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { RepairFigures } from './repair-periods';
import { ReportsService } from './reports.service';

@Module({ controllers: [ReportsController], providers: [ReportsService, RepairFigures] })
export class ReportsModule {}
