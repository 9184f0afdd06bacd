/**
 * Directories never worth reviewing: version control data, dependencies, caches and build leftovers.
 * They are pruned whatever the ignore files say, unless the user names one (or something in it).
 */
const EXCLUDED_NAMES: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.eggs',
  'site-packages',
  '.venv',
  'venv',
]);

/** The file that marks a directory as a Python virtual environment (PEP 405). */
export const VIRTUALENV_MARKER = 'pyvenv.cfg';

/** The detail for a directory excluded by default by its name, or undefined when it is not. */
export function defaultExclude(name: string): string | undefined {
  if (EXCLUDED_NAMES.has(name)) return `default exclude (${name})`;
  if (name.endsWith('.egg-info')) return 'default exclude (*.egg-info)';
  return undefined;
}

export const VIRTUALENV_DETAIL = 'default exclude (virtualenv)';
