import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDetails {
  /** @example "email" */
  @ApiProperty({ maxLength: 200 })
  field!: string;
  /** @example "email must be an email" */
  @ApiProperty({ maxLength: 1000 })
  message!: string;
}

/** RFC 9457 problem details: the body of every error. */
export class ProblemDetails {
  @ApiProperty({ example: '/problems/validation', maxLength: 200 })
  type!: string;
  @ApiProperty({ example: 'Invalid request', maxLength: 200 })
  title!: string;
  @ApiProperty({ example: 400, minimum: 400, maximum: 599 })
  status!: number;
  @ApiProperty({ example: 'The request has 1 invalid field: email.', maxLength: 2000 })
  detail!: string;
  @ApiPropertyOptional({ example: 'urn:request:0b7c9c1e-3c53-4f4e-9b0b-2f1b0a8c9d11', maxLength: 200 })
  instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorDetails], maxItems: 100 })
  errors?: FieldErrorDetails[];
}
