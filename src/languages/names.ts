/**
 * Identifier words, shared by every language's rules: many checks judge a value by the name it is given
 * (`dbPassword`, `session_token`, `hashForSignature`).
 */

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password`, `db.password` into lower-case words. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}
