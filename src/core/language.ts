/** Languages secreview knows. A language is an adapter (src/languages) plus a rule pack (src/rules). */
export const LANGUAGE_IDS = ['python', 'c', 'cpp'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

/** Names as users know them, for reports. */
export const LANGUAGE_NAMES: Readonly<Record<LanguageId, string>> = {
  python: 'Python',
  c: 'C',
  cpp: 'C++',
};

/**
 * The rule pack that reviews files of a language: C and C++ share one pack (`src/rules/c`, ids `c/...`);
 * a rule about a C++-only construct simply never matches in C.
 */
export function rulePackOf(language: LanguageId): LanguageId {
  return language === 'cpp' ? 'c' : language;
}
