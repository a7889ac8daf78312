import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ApiPage, Page, PageQuery } from '../common/pagination/pagination';
import { WeeklyAvailabilityDto } from './dto/availability.dto';
import { CreateTimeOffDto, TimeOffResponse } from './dto/time-off.dto';
import { PublicTherapistResponse, WeeklyAvailabilityResponse } from './dto/therapist.response';
import { TherapistsService } from './therapists.service';
import { TimeOffService } from './time-off.service';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('therapists')
@Controller()
export class TherapistsController {
  constructor(
    private readonly therapists: TherapistsService,
    private readonly timeOff: TimeOffService,
  ) {}

  @Get('public/therapists')
  @Public()
  @ApiOperation({ summary: 'Therapists who take free connection calls (no personal health information)' })
  @ApiPage(PublicTherapistResponse)
  listBookable(@Query() query: PageQuery): Promise<Page<PublicTherapistResponse>> {
    return this.therapists.listBookable(query);
  }

  @Get('therapists/:id/availability')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'The therapist’s weekly availability for connection calls' })
  @ApiOkResponse({ type: WeeklyAvailabilityResponse })
  @ApiRecordErrors('therapist')
  availability(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<WeeklyAvailabilityResponse> {
    return this.therapists.availability(actor, id);
  }

  @Put('therapists/:id/availability')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'Replace the therapist’s weekly availability (wall-clock times in the clinic’s zone)' })
  @ApiOkResponse({ type: WeeklyAvailabilityResponse })
  @ApiRecordErrors('therapist', { unprocessable: true })
  replaceAvailability(
    @CurrentActor() actor: UserActor,
    @Param('id', UuidParam) id: string,
    @Body() body: WeeklyAvailabilityDto,
  ): Promise<WeeklyAvailabilityResponse> {
    return this.therapists.replaceAvailability(actor, id, body);
  }

  @Post('therapists/:id/time-off')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Enter time off: no session or connection call can be booked over it (409 if something already is)' })
  @ApiCreatedResponse({ type: TimeOffResponse })
  @ApiRecordErrors('therapist', { conflict: true, unprocessable: true })
  createTimeOff(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: CreateTimeOffDto): Promise<TimeOffResponse> {
    return this.timeOff.create(actor, id, body);
  }

  @Get('therapists/:id/time-off')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'The therapist’s current and upcoming time off, soonest first' })
  @ApiPage(TimeOffResponse)
  @ApiRecordErrors('therapist')
  listTimeOff(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Query() query: PageQuery): Promise<Page<TimeOffResponse>> {
    return this.timeOff.list(actor, id, query);
  }

  @Delete('therapists/:id/time-off/:timeOffId')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Withdraw time off and free its time' })
  @ApiNoContentResponse({ description: 'Withdrawn' })
  @ApiRecordErrors('time off')
  removeTimeOff(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Param('timeOffId', UuidParam) timeOffId: string): Promise<void> {
    return this.timeOff.remove(actor, id, timeOffId);
  }
}
