/** The form the users table stores (its check constraint insists on lower case), so "Dana@X" and "dana@x" are one person. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
