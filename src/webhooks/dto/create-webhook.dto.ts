import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { WEBHOOK_EVENTS, WebhookEvent } from '../webhook-events';

export class CreateWebhookDto {
  /** Where deliveries are POSTed: https (plain http only to localhost outside production). @example "https://partner.example.ca/hooks/clinic" */
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true, example: ['connection_call.booked', 'connection_call.cancelled'], maxItems: WEBHOOK_EVENTS.length })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];

  /** What the webhook is for. @example "Partner directory: booking status" */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  description?: string;
}
