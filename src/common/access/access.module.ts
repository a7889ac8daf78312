import { Global, Module } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail';
import { AccessService } from './access.service';

/** Access rules and the audit trail, used by every module that touches PHI. */
@Global()
@Module({ providers: [AccessService, AuditTrail], exports: [AccessService, AuditTrail] })
export class AccessModule {}
