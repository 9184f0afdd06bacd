import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Annotation {
  kind: 'ruleid' | 'ok' | 'todoruleid' | 'todook';
  ruleId: string;
  /** 1-based line the annotation applies to (the next code line below it). */
  line: number;
  /** 1-based line of the comment itself, for messages. */
  commentLine: number;
}

const ANNOTATION = /^\s*(?:#|\/\/)\s*(ruleid|ok|todoruleid|todook):\s*([\w/.-]+)\s*$/;

/**
 * Reads Semgrep-style annotations: a comment line `# ruleid: <id>` (must report on the next code line),
 * `# ok: <id>` (must not), `# todoruleid:` / `# todook:` (known gaps). Several annotations may stack above
 * one line; other comment lines between an annotation and its code are allowed.
 */
export function parseAnnotations(source: string, lineComment: string): Annotation[] {
  const lines = source.split(/\r\n|\r|\n/);
  const out: Annotation[] = [];
  const pending: Omit<Annotation, 'line'>[] = [];
  lines.forEach((text, i) => {
    const m = ANNOTATION.exec(text);
    if (m !== null) {
      pending.push({ kind: m[1] as Annotation['kind'], ruleId: m[2] ?? '', commentLine: i + 1 });
      return;
    }
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith(lineComment)) return;
    for (const p of pending) out.push({ ...p, line: i + 1 });
    pending.length = 0;
  });
  return out;
}

/** Files under a folder, recursively, as paths relative to it (POSIX separators). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
