import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeAnthropic } from './fake-servers/anthropic.js';
import { startFakeOpenAi } from './fake-servers/openai.js';
import { SAMPLE_FILES, SCENARIOS } from './fake-servers/scenarios.js';
import type { FakeServer } from './fake-servers/server.js';

export const SAMPLE_PROJECT = join(import.meta.dirname, 'samples', 'project');

/** A copy of the sample project and an empty cache folder in a fresh temporary folder. */
export function tempProject(): { dir: string; project: string; cache: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'secreview-llm-'));
  const project = join(dir, 'project');
  cpSync(SAMPLE_PROJECT, project, { recursive: true });
  return {
    dir,
    project,
    cache: join(dir, 'cache'),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FakeServers {
  openai: FakeServer;
  anthropic: FakeServer;
}

/**
 * Starts both fake servers for the tests of one file (stopped after them) and clears their request logs
 * before each test. Read the servers from the returned object inside tests.
 */
export function useFakeServers(): FakeServers {
  const servers: Partial<FakeServers> = {};
  beforeAll(async () => {
    servers.openai = await startFakeOpenAi(SCENARIOS, SAMPLE_FILES);
    servers.anthropic = await startFakeAnthropic(SCENARIOS, SAMPLE_FILES);
  });
  afterAll(async () => {
    await servers.openai?.close();
    await servers.anthropic?.close();
  });
  beforeEach(() => {
    if (servers.openai !== undefined) servers.openai.requests.length = 0;
    if (servers.anthropic !== undefined) servers.anthropic.requests.length = 0;
  });
  return servers as FakeServers;
}
