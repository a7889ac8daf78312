import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ClinicalNotesService } from './clinical-notes.service';
import { ClinicalNoteResponse, WriteClinicalNoteDto } from './dto/clinical-note.dto';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { UuidParam } from '../common/validation/uuid-param.pipe';

/** Everyone but the session's therapist gets 404, admins included: notes are that therapist's alone. */
@ApiTags('clinical-notes')
@Controller('sessions/:id/notes')
export class ClinicalNotesController {
  constructor(private readonly notes: ClinicalNotesService) {}

  @Get()
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'The session’s clinical note: current text and every version (the session’s therapist only)' })
  @ApiOkResponse({ type: ClinicalNoteResponse })
  @ApiRecordErrors('clinical note')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<ClinicalNoteResponse> {
    return this.notes.get(actor, id);
  }

  @Idempotent()
  @Post()
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Write the note, or correct its current version (a new version; the original stays)' })
  @ApiCreatedResponse({ type: ClinicalNoteResponse })
  @ApiRecordErrors('session', { conflict: true })
  write(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: WriteClinicalNoteDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<ClinicalNoteResponse>> {
    return this.notes.write(actor, id, body, idempotent);
  }
}
