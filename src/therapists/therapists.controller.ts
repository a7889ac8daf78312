import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ApiPage, Page, PageQuery } from '../common/pagination/pagination';
import { WeeklyAvailabilityDto } from './dto/availability.dto';
import { PublicTherapistResponse, WeeklyAvailabilityResponse } from './dto/therapist.response';
import { TherapistsService } from './therapists.service';

@ApiTags('therapists')
@Controller()
export class TherapistsController {
  constructor(private readonly therapists: TherapistsService) {}

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
  availability(@CurrentActor() actor: UserActor, @Param('id', ParseUUIDPipe) id: string): Promise<WeeklyAvailabilityResponse> {
    return this.therapists.availability(actor, id);
  }

  @Put('therapists/:id/availability')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'Replace the therapist’s weekly availability (wall-clock times in the clinic’s zone)' })
  @ApiOkResponse({ type: WeeklyAvailabilityResponse })
  @ApiRecordErrors('therapist', { unprocessable: true })
  replaceAvailability(
    @CurrentActor() actor: UserActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WeeklyAvailabilityDto,
  ): Promise<WeeklyAvailabilityResponse> {
    return this.therapists.replaceAvailability(actor, id, body);
  }
}
