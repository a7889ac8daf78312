import { ValidationPipe } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { validationProblem } from '../problem/validation';
import { unexpectedNulls } from './presence';
import { rememberRuleLookups } from './rule-lookup';

/**
 * The API's validation: unknown fields refused, every field reported, and `null` refused where a
 * property is not declared `Nullable()` (class-validator's `IsOptional` lets it through).
 */
export class ClinicValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: validationProblem,
    });
    rememberRuleLookups();
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    return [...unexpectedNulls(object), ...(await super.validate(object, validatorOptions))];
  }
}
