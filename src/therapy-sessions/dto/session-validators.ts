import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** Canadian postal codes of Ontario start with K, L, M, N or P. */
const POSTAL_CODE = /\b([A-Z])\d[A-Z] ?\d[A-Z]\d\b/i;

/**
 * A place in Ontario, written as text: it names the province ("ON" or "Ontario"), and a postal
 * code, if it has one, is an Ontario code. @example "120 Elgin Street, Suite 4, Ottawa, ON K1P 5K7"
 */
export function isOntarioLocation(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (!/\bON\b/.test(value) && !/\bontario\b/i.test(value)) return false;
  const postal = POSTAL_CODE.exec(value);
  return !postal || 'KLMNP'.includes(postal[1].toUpperCase());
}

export function IsOntarioLocation(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOntarioLocation',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a place in Ontario, naming the province (ON), such as "120 Elgin Street, Ottawa, ON K1P 5K7"`, ...options },
      validator: { validate: isOntarioLocation },
    });
}

/** The field belongs to one modality only: `location` to in-person, `videoUrl` to online. */
export function OnlyForModality(modality: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'onlyForModality',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} is only for ${modality.replace('_', '-')} sessions`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => value === undefined || value === null || (args.object as { modality?: string }).modality === modality,
      },
    });
}
