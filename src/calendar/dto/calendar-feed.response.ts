import { ApiProperty } from '@nestjs/swagger';
/** The secret address of a calendar feed: anyone holding it can read the feed, so keep it private. */
export class CalendarFeedResponse {
  /** @example "https://api.clinic.example/api/v1/calendar/cal_3q2-7wEVr9bX1kqf0uS5yZ8mJd4TnHcLgA6pWeRiYoM.ics" */
  @ApiProperty({ maxLength: 2048, format: 'uri' })
  url!: string;
}
