import { ValidationError } from 'class-validator';
import { FieldError, InvalidRequest } from './problem';

/** Flattens class-validator's tree into `{ field: "address.postalCode", message }` rows. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return own.concat(fieldErrors(error.children ?? [], field));
  });
}

export function validationProblem(errors: ValidationError[]): InvalidRequest {
  const rows = fieldErrors(errors);
  const fields = [...new Set(rows.map((r) => r.field))];
  return new InvalidRequest(`The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ${fields.join(', ')}.`, rows);
}
