import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { errorMessage } from '../core/errors.js';
import {
  ConfigError,
  resolveConfig,
  type ResolvedConfig,
  type RuleCatalogEntry,
} from './resolve.js';
import { CONFIG_FILE_NAMES } from './schema.js';

/**
 * The configuration file that applies to `start` (a file or folder): the first folder from `start` upward
 * holding one of CONFIG_FILE_NAMES, stopping at the repository root (the folder holding `.git`). Two
 * configuration files in one folder are an error: which one wins would be a guess.
 */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const found = CONFIG_FILE_NAMES.filter((n) => existsSync(join(dir, n)));
    if (found.length > 1) {
      throw new ConfigError(
        `${dir}: several configuration files (${found.join(', ')}); keep only one`,
      );
    }
    const name = found[0];
    if (name !== undefined) return join(dir, name);
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadConfigOptions {
  cwd: string;
  /** The scan targets; the search starts at the first (default: cwd). */
  targets: readonly string[];
  /** An explicit file (`--config`): it must exist. */
  file?: string;
  catalog: readonly RuleCatalogEntry[];
}

/** Finds (or takes), reads and resolves the configuration; undefined when there is none. */
export function loadConfig(opts: LoadConfigOptions): ResolvedConfig | undefined {
  const file =
    opts.file !== undefined
      ? resolve(opts.cwd, opts.file)
      : findConfigFile(resolve(opts.cwd, opts.targets[0] ?? '.'));
  if (file === undefined) return undefined;
  const rel = relative(opts.cwd, file);
  const display = rel === '' || rel.startsWith('..') ? file : rel.split('\\').join('/');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read configuration ${display}: ${errorMessage(e)}`);
  }
  return resolveConfig(text, file, opts.catalog, display);
}
