import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module';
import { OutcomeClock } from './outcome-clock';
import { OutcomeNoticeSweep } from './outcome-notice-sweep';
import { CoupleOutcomesController, OutcomeAssignmentsController, OutcomeInstrumentsController, OutcomeResponsesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [ConsentsModule],
  controllers: [OutcomeInstrumentsController, CoupleOutcomesController, OutcomeAssignmentsController, OutcomeResponsesController],
  providers: [OutcomesService, OutcomeClock, OutcomeNoticeSweep],
})
export class OutcomesModule {}
