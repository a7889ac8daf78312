import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditSealer } from './audit-sealer';
import { AuditService } from './audit.service';

@Module({ controllers: [AuditController], providers: [AuditService, AuditSealer], exports: [AuditSealer] })
export class AuditModule {}
