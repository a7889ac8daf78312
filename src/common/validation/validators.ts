import { Transform } from 'class-transformer';

/** E.164: "+" then 7–15 digits, no leading zero. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Canadian postal codes ("K1A 0B1"); letters D, F, I, O, Q, U never appear. */
export const CANADIAN_POSTAL_CODE = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/;

/** At least one letter, in any script: a name is more than spaces, marks or invisible characters. */
export const A_LETTER = /\p{L}/u;

/** Upper-cases and spaces a postal code as "A1A 1A1" before it is checked. */
export const NormalisePostalCode = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const compact = value.replace(/\s+/g, '').toUpperCase();
    return compact.length === 6 ? `${compact.slice(0, 3)} ${compact.slice(3)}` : value;
  });

/** Trims surrounding white space from strings. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
