import { Module } from '@nestjs/common';
import { BusyTimeModule } from '../busy-time/busy-time.module';
import { ConnectionCallsController } from './connection-calls.controller';
import { ConnectionCallsService } from './connection-calls.service';

/** Free connection calls: public availability and booking, manage links, the staff side. */
@Module({ imports: [BusyTimeModule], controllers: [ConnectionCallsController], providers: [ConnectionCallsService] })
export class ConnectionCallsModule {}
