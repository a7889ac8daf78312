import { Module } from '@nestjs/common';
import { FeeScheduleController } from './fee-schedule.controller';
import { FeeScheduleService } from './fee-schedule.service';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { BalancesController, PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

/** Billing: fee schedule, invoices and credit notes, payments and balances (docs/billing.md). */
@Module({
  controllers: [FeeScheduleController, InvoicesController, PaymentsController, BalancesController],
  providers: [FeeScheduleService, InvoicesService, PaymentsService],
  exports: [InvoicesService, PaymentsService],
})
export class BillingModule {}
