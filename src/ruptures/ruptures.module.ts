import { Module } from '@nestjs/common';
import { CoupleRupturesController, RupturesController } from './ruptures.controller';
import { RupturesService } from './ruptures.service';

@Module({ controllers: [CoupleRupturesController, RupturesController], providers: [RupturesService] })
export class RupturesModule {}
