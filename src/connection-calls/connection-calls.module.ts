import { Module } from '@nestjs/common';
import { BusyTimeModule } from '../busy-time/busy-time.module';
import { CallAvailabilityService } from './call-availability.service';
import { CallBookingService } from './call-booking.service';
import { CallManageLinksService } from './call-manage-links.service';
import { CallNotifications } from './call-notifications';
import { CallStaffService } from './call-staff.service';
import { ConnectionCallsController } from './connection-calls.controller';

/** Free connection calls: public availability and booking, manage links, the staff side. */
@Module({
  imports: [BusyTimeModule],
  controllers: [ConnectionCallsController],
  providers: [CallAvailabilityService, CallBookingService, CallManageLinksService, CallStaffService, CallNotifications],
})
export class ConnectionCallsModule {}
