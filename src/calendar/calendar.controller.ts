import { Controller, createParamDecorator, ExecutionContext, Get, Header, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../common/auth/decorators';
import { RequestOrigin, UserActor } from '../common/auth/roles';
import { CalendarService } from './calendar.service';
import { CalendarFeedResponse } from './dto/calendar-feed.response';

/** Where a public request came from, for the audit trail (no actor is signed in). */
const Origin = createParamDecorator(
  (_: unknown, context: ExecutionContext): RequestOrigin => {
    const request = context.switchToHttp().getRequest<{ id?: string; ip?: string }>();
    return { requestId: request.id, sourceAddress: request.ip };
  },
);

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Post('feed')
  @Roles('therapist', 'client')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Get a new secret iCalendar feed address; the previous one stops working' })
  @ApiCreatedResponse({ type: CalendarFeedResponse })
  rotate(@CurrentActor() actor: UserActor): Promise<CalendarFeedResponse> {
    return this.calendar.rotate(actor);
  }

  @Get(':file')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'The iCalendar feed behind a secret address (`<token>.ics`): sessions from 30 days ago on, no clinical detail' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) document', schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…END:VCALENDAR\r\n' } })
  @ApiNotFoundResponse({ description: 'Unknown or replaced feed address', schema: { $ref: '#/components/schemas/ProblemDetails' } })
  feed(@Param('file') file: string, @Origin() origin: RequestOrigin): Promise<string> {
    return this.calendar.feed(file, origin);
  }
}
