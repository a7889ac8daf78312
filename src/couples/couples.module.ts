import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module';
import { CouplesController } from './couples.controller';
import { CouplesService } from './couples.service';

@Module({ imports: [ConsentsModule], controllers: [CouplesController], providers: [CouplesService] })
export class CouplesModule {}
