import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../common/auth/decorators';
import { Actor, RequestOrigin, UserActor } from '../common/auth/roles';
import { ApiRecordErrors, RETRY_AFTER_HEADER } from '../common/http/api-responses';
import { ApiPage, Page } from '../common/pagination/pagination';
import { CallAvailabilityService } from './call-availability.service';
import { CallBookingService } from './call-booking.service';
import { CallManageLinksService } from './call-manage-links.service';
import { CallStaffService } from './call-staff.service';
import { AvailabilityQuery } from './dto/availability.query';
import { BookConnectionCallDto, RescheduleConnectionCallDto } from './dto/book-connection-call.dto';
import { AvailabilityResponse, BookedConnectionCallResponse, ConnectionCallResponse, ManagedConnectionCallResponse } from './dto/connection-call.response';
import { ConvertConnectionCallDto, ListConnectionCallsQuery, UpdateConnectionCallDto } from './dto/staff.dto';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { Origin } from './request-origin';
import { UuidParam } from '../common/validation/uuid-param.pipe';

const problem = { $ref: '#/components/schemas/ProblemDetails' };

@ApiTags('connection-calls')
@Controller('connection-calls')
export class ConnectionCallsController {
  constructor(
    private readonly slots: CallAvailabilityService,
    private readonly booking: CallBookingService,
    private readonly manageLinks: CallManageLinksService,
    private readonly staff: CallStaffService,
  ) {}

  @Get('availability')
  @Public()
  @ApiOperation({ summary: 'Bookable connection-call slots, merged across therapists (no reasons for busy time)' })
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiBadRequestResponse({ description: 'Malformed range, to not after from, longer than 31 days, or beyond the booking horizon', schema: problem })
  availability(@Query() query: AvailabilityQuery): Promise<AvailabilityResponse> {
    return this.slots.availability(query);
  }

  @Post()
  @Public()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Book a free connection call (public and rate limited, or a key with bookings:write); Idempotency-Key accepted' })
  @Idempotent()
  @ApiCreatedResponse({ type: BookedConnectionCallResponse })
  @ApiConflictResponse({ description: 'The time is no longer available, too many open bookings, or the same key is still in progress', schema: problem })
  @ApiUnprocessableEntityResponse({ description: 'Not an offered slot, not in Ontario, or the Idempotency-Key was used with another body', schema: problem })
  @ApiTooManyRequestsResponse({ description: 'Too many bookings from this address or for this email', headers: RETRY_AFTER_HEADER, schema: problem })
  book(
    @CurrentActor() actor: Actor | undefined,
    @Body() body: BookConnectionCallDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
    @Origin() origin: RequestOrigin,
  ): Promise<IdempotentAnswer<BookedConnectionCallResponse>> {
    return this.booking.book(actor, body, idempotent, origin);
  }

  @Get('manage/:token')
  @Public()
  @ApiOperation({ summary: 'The booking behind a manage link' })
  @ApiOkResponse({ type: ManagedConnectionCallResponse })
  @ApiRecordErrors('connection call')
  viewManaged(@Param('token') token: string, @Origin() origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    return this.manageLinks.view(token, origin);
  }

  @Post('manage/:token/cancel')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel through the manage link (frees the time; a second cancel is 409)' })
  @ApiOkResponse({ type: ManagedConnectionCallResponse })
  @ApiRecordErrors('connection call', { conflict: true })
  cancelManaged(@Param('token') token: string, @Origin() origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    return this.manageLinks.cancel(token, origin);
  }

  @Post('manage/:token/reschedule')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Move the call to another free slot of the same therapist; the same manage link keeps working' })
  @ApiOkResponse({ type: ManagedConnectionCallResponse })
  @ApiRecordErrors('connection call', { conflict: true, unprocessable: true })
  rescheduleManaged(@Param('token') token: string, @Body() body: RescheduleConnectionCallDto, @Origin() origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    return this.manageLinks.reschedule(token, body, origin);
  }

  @Get()
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'Connection calls: a therapist’s own, all for admins' })
  @ApiPage(ConnectionCallResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: ListConnectionCallsQuery): Promise<Page<ConnectionCallResponse>> {
    return this.staff.list(actor, query);
  }

  @Get(':id')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'One connection call' })
  @ApiOkResponse({ type: ConnectionCallResponse })
  @ApiRecordErrors('connection call')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<ConnectionCallResponse> {
    return this.staff.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'Record the outcome (completed, no-show) and staff notes' })
  @ApiOkResponse({ type: ConnectionCallResponse })
  @ApiRecordErrors('connection call', { conflict: true })
  update(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: UpdateConnectionCallDto): Promise<ConnectionCallResponse> {
    return this.staff.update(actor, id, body);
  }

  @Post(':id/convert')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a client record from the call, on its therapist’s caseload (once)' })
  @ApiCreatedResponse({ type: ConnectionCallResponse })
  @ApiRecordErrors('connection call', { conflict: true })
  convert(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: ConvertConnectionCallDto): Promise<ConnectionCallResponse> {
    return this.staff.convert(actor, id, body);
  }
}
