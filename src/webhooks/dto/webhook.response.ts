import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENTS, WebhookEvent } from '../webhook-events';

/** A webhook as lists show it: never its secret. */
export class WebhookResponse {
  /** @example "2f0e7a9c-5b1d-4c3e-8a7f-6d5c4b3a2e1f" */
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "https://partner.example.ca/hooks/clinic" */
  @ApiProperty({ maxLength: 2048, format: 'uri' })
  url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEvent', isArray: true, example: ['connection_call.booked'], maxItems: WEBHOOK_EVENTS.length })
  events!: WebhookEvent[];
  /** @example "Partner directory: booking status" */
  @ApiProperty({ type: String, nullable: true, maxLength: 200 })
  description!: string | null;
  createdAt!: Date;
}

/** The answer to registering a webhook: the only time its signing secret is shown. */
export class CreatedWebhookResponse extends WebhookResponse {
  /** Verifies `X-Clinic-Signature`; store it now. @example "whsec_3q2+7w8Yk1vZp0QmX4sT9uR6nL5jH2gF8dC1bA0eI7o" */
  @ApiProperty({ maxLength: 100 })
  secret!: string;
}
