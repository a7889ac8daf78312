import { createHash } from 'node:crypto';

/**
 * At most this many statement texts get a name; later ones run unnamed. Each pool connection
 * prepares a named statement the first time it runs it and keeps it while it lives, so this bounds
 * what every connection holds, however many distinct texts the process sees.
 */
export const MAX_PREPARED_STATEMENTS = 256;

const names = new Map<string, string>();

/**
 * The prepared-statement name for a statement text: stable (a hash of the text, so every process
 * and connection calls a text the same), or undefined once MAX_PREPARED_STATEMENTS texts have
 * names. A named statement is parsed and planned once per connection rather than on every call.
 */
export function preparedName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_PREPARED_STATEMENTS) return known;
  const name = `clinic_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
  names.set(text, name);
  return name;
}
