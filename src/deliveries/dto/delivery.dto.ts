import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { DELIVERY_CHANNELS, DeliveryChannel } from '../../outbox/outbox.queries';

export class ListDeadLettersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS, enumName: 'DeliveryChannel' })
  @IsOptional()
  @IsIn(DELIVERY_CHANNELS)
  channel?: DeliveryChannel;

  /** @example "connection_call.booked" */
  @ApiPropertyOptional({ maxLength: 64, pattern: '^[a-z_]+\\.[a-z_]+$', example: 'connection_call.booked' })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'event must be an event name such as connection_call.booked' })
  event?: string;
}

/** A delivery (an email, or a call to one webhook): what, to whom, how it went. Never a body, a name or a link. */
export class DeliveryResponse {
  /** @example "5c1f0e2a-7b3d-4e9f-8a6c-2d4b6f8e0a13" */
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: DELIVERY_CHANNELS, enumName: 'DeliveryChannel' })
  channel!: DeliveryChannel;
  /** @example "connection_call.booked" */
  @ApiProperty({ maxLength: 64 })
  event!: string;
  /** An email's recipient, masked; null for a webhook call. @example "j***@example.ca" */
  @ApiProperty({ type: String, nullable: true, maxLength: 260 })
  recipient!: string | null;
  /** The webhook a call was for; null for an email. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  webhookId!: string | null;
  /** Tries so far (0 once retried). */
  @ApiProperty({ format: 'int32', minimum: 0 })
  attempts!: number;
  /** The last failure, in a few words: never content. @example "HTTP 503" */
  @ApiProperty({ type: String, nullable: true, maxLength: 500 })
  lastError!: string | null;
  /** When the change it reports happened. */
  createdAt!: Date;
  /** When it gave up; null once retried. */
  @ApiProperty({ type: Date, nullable: true })
  failedAt!: Date | null;
  /** Whether it can be sent again: not an email whose private link was removed, nor a call to a deleted webhook. */
  retryable!: boolean;
}
