import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class AvailabilityWindowDto {
  /** ISO weekday: 1 = Monday … 7 = Sunday. @example 2 */
  @ApiProperty({ format: 'int32', minimum: 1, maximum: 7, example: 2 })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  /** Wall-clock time in the clinic's zone. @example "09:00" */
  @ApiProperty({ pattern: HH_MM.source, maxLength: 5, example: '09:00' })
  @Matches(HH_MM, { message: 'start must be a time such as 09:00' })
  start!: string;

  /** After start, same day. @example "12:00" */
  @ApiProperty({ pattern: HH_MM.source, maxLength: 5, example: '12:00' })
  @Matches(HH_MM, { message: 'end must be a time such as 12:00' })
  end!: string;
}

export class WeeklyAvailabilityDto {
  /** The whole week; replaces what was there. */
  @ApiProperty({ type: [AvailabilityWindowDto], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowDto)
  windows!: AvailabilityWindowDto[];
}
