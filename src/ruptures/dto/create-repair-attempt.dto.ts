import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { ApiVariants } from '../../common/http/api-variants';
import { Trim } from '../../common/validation/validators';
import { IMAGO_STEPS, ImagoStep, REPAIR_APPROACHES, RepairApproach } from '../repair-attempt.entity';

/** The field belongs to one approach only: refused with any other. */
function OnlyWithApproach(approach: RepairApproach) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'onlyWithApproach',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} is only given with approach ${approach}` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => value === undefined || (args.object as CreateRepairAttemptDto).approach === approach,
      },
    });
}

@ApiVariants('approach', [
  { name: 'CreateImagoDialogueAttempt', values: ['imago_dialogue'], required: ['imagoSteps'], refused: ['requests'] },
  { name: 'CreateBehaviourChangeRequestAttempt', values: ['behaviour_change_request'], required: ['requests'], refused: ['imagoSteps'] },
  { name: 'CreateOtherRepairAttempt', values: ['apology', 'other'], refused: ['imagoSteps', 'requests'] },
])
export class CreateRepairAttemptDto {
  /**
   * The partner who moved toward the other. A partner records their own move and may omit it;
   * the therapist names which partner initiated.
   */
  @IsOptional()
  @IsUUID()
  initiatorClientId?: string;

  @ApiProperty({ enum: REPAIR_APPROACHES, enumName: 'RepairApproach', example: 'imago_dialogue' })
  @IsIn(REPAIR_APPROACHES)
  approach!: RepairApproach;

  @ApiPropertyOptional({
    enum: IMAGO_STEPS,
    enumName: 'ImagoStep',
    isArray: true,
    maxItems: IMAGO_STEPS.length,
    example: ['mirroring', 'validation'],
    description: 'Required with imago_dialogue: the steps of the dialogue that were done',
  })
  @ValidateIf((o: CreateRepairAttemptDto) => o.approach === 'imago_dialogue' || o.imagoSteps !== undefined)
  @OnlyWithApproach('imago_dialogue')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(IMAGO_STEPS.length)
  @ArrayUnique()
  @IsIn(IMAGO_STEPS, { each: true })
  imagoSteps?: ImagoStep[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    example: ['Put the phone away during breakfast'],
    description: 'Required with behaviour_change_request: the requests made (1–10, each up to 500 characters). PHI.',
  })
  @ValidateIf((o: CreateRepairAttemptDto) => o.approach === 'behaviour_change_request' || o.requests !== undefined)
  @OnlyWithApproach('behaviour_change_request')
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  requests?: string[];

  /** PHI. @example "Alex mirrored until Sam felt heard." */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  notes?: string;
}
