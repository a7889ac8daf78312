import { getMetadataStorage, ValidateIf, ValidationError } from 'class-validator';

/** Marks the conditional validation that `Nullable()` registers, so the pipe can tell it apart. */
const NULLABLE = 'nullable';

/**
 * A property that may be cleared: absent keeps the current value, `null` clears it (and is
 * declared `nullable` in the document); any other value is validated. Without it, `null` is a 400.
 */
export const Nullable = () => ValidateIf((_, value: unknown) => value !== null && value !== undefined, { context: NULLABLE });

// Per class: its decorators have all run by the time one of its objects is validated.
const nullableByClass = new WeakMap<object, Set<string>>();

const nullableProperties = (target: object): Set<string> => {
  let nullable = nullableByClass.get(target.constructor);
  if (!nullable) {
    nullable = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(target.constructor, '', true, false)
        .filter((m) => m.context === NULLABLE)
        .map((m) => m.propertyName),
    );
    nullableByClass.set(target.constructor, nullable);
  }
  return nullable;
};

/**
 * `null` where the class does not declare `Nullable()`: one error per such property, nested
 * objects and arrays of them included, in class-validator's shape so they join its errors.
 */
export function unexpectedNulls(object: unknown): ValidationError[] {
  if (!object || typeof object !== 'object' || object.constructor === Object) return [];
  const nullable = nullableProperties(object);
  return Object.entries(object).flatMap(([property, value]): ValidationError[] => {
    if (value === null && !nullable.has(property)) {
      return [Object.assign(new ValidationError(), { property, constraints: { isNotNull: `${property} must not be null; leave it out instead` }, children: [] })];
    }
    const children = Array.isArray(value)
      ? value.flatMap((item, index) => {
          const nested = unexpectedNulls(item);
          return nested.length ? [Object.assign(new ValidationError(), { property: String(index), children: nested })] : [];
        })
      : unexpectedNulls(value);
    return children.length ? [Object.assign(new ValidationError(), { property, children })] : [];
  });
}
