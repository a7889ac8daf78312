export const MAX_THEMES = 10;
export const MAX_THEME_LENGTH = 40;

/** One spelling per theme, so " Money " and "money" recur as the same theme. */
export function normaliseTheme(theme: string): string {
  return theme.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-CA');
}

/** Normalised, empty ones dropped, duplicates removed, first spelling's order kept. */
export function normaliseThemes(themes: string[]): string[] {
  return [...new Set(themes.map(normaliseTheme).filter((t) => t.length > 0))];
}
