// The two providers against the local fake servers: requests sent, answers and usage read, faults typed.
import { describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../src/llm/providers/anthropic.js';
import { createOpenAiProvider } from '../../src/llm/providers/openai.js';
import { LlmError, type ChatRequest, type LlmProvider } from '../../src/llm/providers/provider.js';
import { goodAnswer } from './fake-servers/scenarios.js';
import type { FakeServer } from './fake-servers/server.js';
import { useFakeServers } from './helpers.js';

const servers = useFakeServers();

const request: ChatRequest = {
  system: 'You review code.',
  user: 'Review app.py:\n1 | import os',
  schema: { name: 'security_review', schema: { type: 'object', properties: {} } },
  maxOutputTokens: 512,
  seed: 7,
};

type Make = (scenario: string, timeoutMs?: number) => LlmProvider;
const providers: [string, Make, () => FakeServer][] = [
  [
    'openai',
    (s, t = 2000) =>
      createOpenAiProvider({
        model: `fake-${s}`,
        baseUrl: `${servers.openai.origin}/v1`,
        apiKey: 'sk-test',
        timeoutMs: t,
      }),
    () => servers.openai,
  ],
  [
    'anthropic',
    (s, t = 2000) =>
      createAnthropicProvider({
        model: `fake-${s}`,
        baseUrl: servers.anthropic.origin,
        apiKey: 'sk-ant-test',
        timeoutMs: t,
      }),
    () => servers.anthropic,
  ],
];

async function failure(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return e as LlmError;
  }
  throw new Error('expected a failure');
}

describe.each(providers)('%s provider', (name, make, server) => {
  it('sends a structured request and returns the answer with usage', async () => {
    const answer = await make('clean-json').complete(request);
    expect(JSON.parse(answer.text)).toEqual(JSON.parse(goodAnswer('app.py')));
    expect(answer.structured).toBe(true);
    expect(answer.usage?.inputTokens).toBeGreaterThan(0);
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);
    const sent = server().requests.at(-1);
    expect(sent?.view.system).toBe('You review code.');
    if (name === 'openai') {
      expect(sent?.body.temperature).toBe(0);
      expect(sent?.body.seed).toBe(7);
      expect(sent?.body.response_format).toMatchObject({ type: 'json_schema' });
      expect(sent?.headers.authorization).toBe('Bearer sk-test');
    } else {
      expect(sent?.body.tool_choice).toEqual({ type: 'tool', name: 'security_review' });
      // SDK 1.x sends the key as a bearer token (0.x used x-api-key).
      expect(sent?.headers['x-api-key'] ?? sent?.headers.authorization).toMatch(/sk-ant-test$/);
    }
  });

  it('falls back to plain text when the server rejects structured output', async () => {
    const p = make('no-structured');
    const answer = await p.complete(request);
    expect(answer.structured).toBe(false);
    expect(answer.text).toContain('```json');
    // Remembered: the next request goes without structured output at once.
    const before = server().requests.length;
    await p.complete(request);
    expect(server().requests.length).toBe(before + 1);
    expect(server().requests.at(-1)?.view.wantsStructured).toBe(false);
  });

  it.each([
    ['invalid-key', 'auth', /API key/],
    ['context-length', 'context-length', /context window/],
    ['refusal', 'refusal', /refused/],
    ['truncated', 'truncated', /cut off/],
    ['rate-limit-forever', 'rate-limit', /429/],
    ['server-error', 'server', /500/],
    ['not-a-scenario', 'not-found', /404/],
  ])('types the %s fault', async (scenario, kind, message) => {
    const e = await failure(make(scenario).complete(request));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(message);
  });

  it('reads Retry-After in seconds', async () => {
    const e = await failure(make('rate-limit-forever').complete(request));
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(1000);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const e = await failure(make('timeout', 200).complete(request));
    expect(e.kind).toBe('timeout');
    expect(e.retryable).toBe(true);
  });

  it('reports a refused connection', async () => {
    const closed =
      name === 'openai'
        ? createOpenAiProvider({ model: 'x', baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 2000 })
        : createAnthropicProvider({
            model: 'x',
            baseUrl: 'http://127.0.0.1:9',
            apiKey: 'k',
            timeoutMs: 2000,
          });
    const e = await failure(closed.complete(request));
    expect(e.kind).toBe('connection');
    expect(e.message).toContain('127.0.0.1:9');
  });
});

describe('credentials', () => {
  it('needs OPENAI_API_KEY for api.openai.com but not for a local server', () => {
    expect(() => createOpenAiProvider({ model: 'gpt-4.1', timeoutMs: 1000 })).toThrow(
      /OPENAI_API_KEY/,
    );
    expect(() =>
      createOpenAiProvider({
        model: 'qwen',
        baseUrl: 'http://127.0.0.1:11434/v1',
        timeoutMs: 1000,
      }),
    ).not.toThrow();
  });

  it('needs ANTHROPIC_API_KEY', () => {
    expect(() => createAnthropicProvider({ model: 'claude-sonnet-4-5', timeoutMs: 1000 })).toThrow(
      /ANTHROPIC_API_KEY/,
    );
  });
});
