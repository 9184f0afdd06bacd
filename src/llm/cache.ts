import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ChatAnswer, ChatRequest } from './providers/provider.js';

/** Bumped when the entry format or the key recipe changes: old entries are then simply not found. */
const CACHE_FORMAT = 1;

/** Environment variable that moves the cache (tests, CI caches). */
export const CACHE_DIR_ENV = 'SECREVIEW_CACHE_DIR';

/**
 * Where answers are kept: $SECREVIEW_CACHE_DIR, else $XDG_CACHE_HOME/secreview/llm, else
 * ~/.cache/secreview/llm.
 */
export function defaultCacheDir(
  env: Readonly<Record<string, string | undefined>>,
  home: () => string = homedir,
): string {
  const own = env[CACHE_DIR_ENV];
  if (own !== undefined && own !== '') return own;
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== '' ? xdg : join(home(), '.cache');
  return join(base, 'secreview', 'llm');
}

export interface CacheKeyInput {
  provider: string;
  model: string;
  baseUrl: string;
  variant: string;
  request: ChatRequest;
  /** Which of the --samples answers this is (0-based): each sample is its own entry. */
  sample: number;
}

/**
 * The content address of an answer: a hash of who answered (provider, model, server), the prompt variant,
 * the full prompt text (which contains the code, so any edit is a new key) and every parameter that can
 * change the answer.
 */
export function cacheKey(input: CacheKeyInput): string {
  const prompt = createHash('sha256')
    .update(input.request.system)
    .update('\u0000')
    .update(input.request.user)
    .update('\u0000')
    .update(JSON.stringify(input.request.schema ?? null))
    .digest('hex');
  const material = JSON.stringify([
    CACHE_FORMAT,
    input.provider,
    input.model,
    input.baseUrl,
    input.variant,
    prompt,
    input.request.maxOutputTokens,
    input.request.seed ?? null,
    input.sample,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

const entrySchema = z.object({
  format: z.literal(CACHE_FORMAT),
  key: z.string(),
  answer: z.object({
    text: z.string(),
    structured: z.boolean(),
    model: z.string(),
    usage: z
      .object({ inputTokens: z.number().nonnegative(), outputTokens: z.number().nonnegative() })
      .optional(),
  }),
});

export interface AnswerCache {
  /** The stored answer, or undefined when absent or unreadable (a corrupt entry counts as absent). */
  get(key: string): Promise<ChatAnswer | undefined>;
  /** Stores an answer atomically; a failure to write is reported through `problems`, never thrown. */
  put(key: string, answer: ChatAnswer): Promise<void>;
  readonly stats: { hits: number; misses: number; corrupt: number; writeFailures: number };
  /** Human-readable problems met (unwritable directory, ...), for the report's notes. */
  readonly problems: string[];
}

/** A content-addressed answer cache on disk: `<dir>/<first two hex digits>/<key>.json`. */
export function createAnswerCache(dir: string): AnswerCache {
  const stats = { hits: 0, misses: 0, corrupt: 0, writeFailures: 0 };
  const problems: string[] = [];
  const pathOf = (key: string): string => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    stats,
    problems,
    async get(key) {
      let text: string;
      try {
        text = await readFile(pathOf(key), 'utf8');
      } catch {
        stats.misses++;
        return undefined;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const entry = entrySchema.safeParse(parsed);
      if (!entry.success || entry.data.key !== key) {
        // Ignored here; the fresh answer overwrites it.
        stats.corrupt++;
        stats.misses++;
        return undefined;
      }
      stats.hits++;
      const { usage, ...rest } = entry.data.answer;
      return usage !== undefined ? { ...rest, usage } : rest;
    },
    async put(key, answer) {
      const file = pathOf(key);
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
        const entry = { format: CACHE_FORMAT, key, answer };
        await writeFile(tmp, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
        await rename(tmp, file);
      } catch (e) {
        stats.writeFailures++;
        if (problems.length === 0) {
          problems.push(
            `could not write the answer cache in ${dir}: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
        await rm(tmp, { force: true }).catch(() => undefined);
      }
    },
  };
}
