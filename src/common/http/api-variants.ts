type Schema = Record<string, unknown>;

/** One shape of a body: the discriminator values it covers, the fields it needs, those it refuses. */
export interface BodyVariant {
  /** Component name of this shape in the document, e.g. `InPersonSessionBody`. */
  name: string;
  values: readonly string[];
  required?: readonly string[];
  refused?: readonly string[];
}

interface VariantsOfBody {
  property: string;
  variants: readonly BodyVariant[];
}

/** Schema name (the DTO class name, as Nest names its schema) → its shapes. */
const VARIANTS = new Map<string, VariantsOfBody>();

/**
 * Documents a body whose required fields depend on one property (the validators already enforce
 * it) as a `oneOf` with a discriminator, so a generated client or form builds a valid body. It
 * changes nothing at run time.
 */
export function ApiVariants(property: string, variants: readonly BodyVariant[]): ClassDecorator {
  return (target) => {
    VARIANTS.set(target.name, { property, variants });
  };
}

/**
 * Rewrites each decorated body schema as `oneOf` its shapes. A shape is the body with the
 * discriminator narrowed to its values, its fields required, the fields of other shapes left out,
 * and no other field allowed (the API refuses unknown and misplaced fields with a 400).
 */
export function documentVariants(schemas: Record<string, Schema>): void {
  for (const [name, { property, variants }] of VARIANTS) {
    const body = schemas[name];
    if (!body?.properties) continue;
    const covered = variants.flatMap((v) => v.values);
    const values = enumValues((body.properties as Record<string, Schema>)[property], schemas);
    if (values.some((value) => !covered.includes(value))) throw new Error(`${name}: the variants of ${property} miss ${values.filter((v) => !covered.includes(v)).join(', ')}`);
    for (const variant of variants) {
      const properties = { ...(body.properties as Record<string, Schema>) };
      for (const refused of variant.refused ?? []) delete properties[refused];
      properties[property] = { ...withoutReference(properties[property]), type: 'string', enum: [...variant.values], example: variant.values[0] };
      const required = [...new Set([...((body.required as string[]) ?? []), ...(variant.required ?? [])])];
      schemas[variant.name] = { type: 'object', description: body.description, properties, required, additionalProperties: false };
    }
    schemas[name] = {
      ...(body.description ? { description: body.description } : {}),
      oneOf: variants.map((v) => ({ $ref: `#/components/schemas/${v.name}` })),
      discriminator: {
        propertyName: property,
        mapping: Object.fromEntries(variants.flatMap((v) => v.values.map((value) => [value, `#/components/schemas/${v.name}`]))),
      },
    };
  }
}

/** The values of an enum property, inline or referenced. */
function enumValues(schema: Schema | undefined, schemas: Record<string, Schema>): string[] {
  const reference = ((schema?.allOf as Schema[] | undefined)?.[0]?.$ref ?? schema?.$ref) as string | undefined;
  const target = reference ? schemas[reference.replace('#/components/schemas/', '')] : schema;
  return (target?.enum as string[] | undefined) ?? [];
}

/** The property's own words (its description) without the enum and example it narrows. */
function withoutReference(schema: Schema | undefined): Schema {
  const { allOf: _allOf, $ref: _ref, enum: _enum, example: _example, ...rest } = schema ?? {};
  return rest;
}
