import type { LanguageId } from '../core/language.js';
import type { LanguageAdapter } from './adapter.js';
import { cAdapter, cppAdapter } from './c/adapter.js';
import { pythonAdapter } from './python/adapter.js';

export type { LanguageAdapter } from './adapter.js';
export type { FileFacts } from './file-facts.js';

export const LANGUAGES: readonly LanguageAdapter[] = [pythonAdapter, cAdapter, cppAdapter];

export function adapterFor(id: LanguageId): LanguageAdapter {
  const wanted: string = id;
  const found = LANGUAGES.find((l) => l.id === wanted);
  if (found === undefined) throw new Error(`no adapter for language ${id}`);
  return found;
}

/** The language of a file by its name ending, or undefined. */
export function languageByPath(path: string): LanguageAdapter | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const ext = base.slice(dot + 1).toLowerCase();
  return LANGUAGES.find((l) => l.extensions.includes(ext));
}

/** The language named by an interpreter line, for files without a known ending. */
export function languageByShebang(firstLine: string): LanguageAdapter | undefined {
  return LANGUAGES.find((l) => l.shebang.test(firstLine));
}

/**
 * The language to review a file as, once its text is known: the language chosen by name or interpreter
 * line, refined by content where the name is ambiguous (a `.h` file using C++ is C++).
 */
export function refineLanguage(language: LanguageId, path: string, source: string): LanguageId {
  return adapterFor(language).refine?.(path, source) ?? language;
}
