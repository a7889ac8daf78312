import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsUUID } from 'class-validator';

/** A partner's own answers. There is no partner field: the partner is always the caller. */
export class AnswerOutcomeDto {
  /**
   * Item number → position of the chosen option, in the order the instrument prints its options
   * (0 = first). Every item once, nothing else; the server scores them.
   */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', format: 'int32', minimum: 0, maximum: 6 }, maxProperties: 16, example: { '1': 4, '2': 3, '3': 2, '4': 4 } })
  @IsObject()
  answers!: Record<string, number>;

  /** The caller's own earlier response this one corrects; the original is kept. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  corrects?: string;
}
