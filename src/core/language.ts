/** Languages secreview knows. A language is an adapter (src/languages) plus a rule pack (src/rules). */
export const LANGUAGE_IDS = ['python'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];
