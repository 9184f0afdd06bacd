import type { SgNode } from '@ast-grep/napi';

/**
 * What each local name refers to after the file's imports: `import subprocess as sp` binds `sp` to
 * `subprocess`; `from os import system as run` binds `run` to `os.system`. Imports anywhere in the file
 * count (function-level imports are common in real code); the last binding wins.
 */
export interface ImportTable {
  /** local name -> fully qualified dotted name */
  readonly bindings: ReadonlyMap<string, string>;
  /** modules imported with `from m import *` */
  readonly starModules: readonly string[];
  /** every module named in an import, for framework recognition */
  readonly modules: ReadonlySet<string>;
}

export function collectImports(root: SgNode): ImportTable {
  const map = new Map<string, string>();
  // `try: import json` / `except ImportError: import simplejson as json`: the import that normally runs
  // is the one in the try body, so a fallback inside an except clause does not replace an earlier binding.
  let inFallback = false;
  const bindings = {
    set(name: string, value: string): void {
      if (inFallback && map.has(name)) return;
      map.set(name, value);
    },
  };
  const starModules: string[] = [];
  const modules = new Set<string>();

  // One walk for both statement kinds, in source order, so that the last binding in the file wins.
  const statements = root.findAll({
    rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] },
  });
  for (const stmt of statements) {
    inFallback = stmt.inside({ rule: { kind: 'except_clause' } });
    if (stmt.kind() === 'import_statement') importModules(stmt, bindings, modules);
    else importNames(stmt, bindings, modules, starModules);
  }
  return { bindings: map, starModules, modules };
}

interface Binder {
  set(name: string, value: string): void;
}

/** `import a.b`, `import a.b as c`. */
function importModules(stmt: SgNode, bindings: Binder, modules: Set<string>): void {
  for (const child of stmt.namedChildren()) {
    if (child.kind() === 'dotted_name') {
      const full = child.text();
      modules.add(full);
      const head = full.split('.')[0] ?? full;
      bindings.set(head, head);
    } else if (child.kind() === 'aliased_import') {
      const name = child.field('name')?.text();
      const alias = child.field('alias')?.text();
      if (name !== undefined && alias !== undefined) {
        modules.add(name);
        bindings.set(alias, name);
      }
    }
  }
}

/** `from m import a, b as c`, `from m import *`, `from . import x`. */
function importNames(
  stmt: SgNode,
  bindings: Binder,
  modules: Set<string>,
  starModules: string[],
): void {
  const moduleNode = stmt.field('module_name');
  if (moduleNode === null) return;
  const moduleName = moduleNode.text().replace(/\s+/g, '');
  modules.add(moduleName);
  const prefix = moduleName.endsWith('.') ? moduleName : `${moduleName}.`;
  for (const child of stmt.namedChildren()) {
    if (child.id() === moduleNode.id()) continue;
    if (child.kind() === 'wildcard_import') {
      starModules.push(moduleName);
    } else if (child.kind() === 'dotted_name') {
      const name = child.text();
      bindings.set(name, prefix + name);
      modules.add(prefix + name);
    } else if (child.kind() === 'aliased_import') {
      const name = child.field('name')?.text();
      const alias = child.field('alias')?.text();
      if (name !== undefined && alias !== undefined) {
        bindings.set(alias, prefix + name);
        modules.add(prefix + name);
      }
    }
  }
}

/**
 * Resolves a dotted name as written (`sp.Popen`) to the names it may denote (`subprocess.Popen`).
 * An unbound head stays as written (builtins such as `eval`, or locals such as `self.cursor.execute`);
 * with `from m import *`, `m.name` is a further candidate.
 */
export function resolveDotted(text: string, imports: ImportTable): string[] {
  const dot = text.indexOf('.');
  const head = dot === -1 ? text : text.slice(0, dot);
  const rest = dot === -1 ? '' : text.slice(dot);
  const bound = imports.bindings.get(head);
  if (bound !== undefined) return [bound + rest];
  const out = [text];
  for (const m of imports.starModules) out.push(`${m}.${text}`);
  return out;
}
