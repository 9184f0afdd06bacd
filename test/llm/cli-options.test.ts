// The --llm flags: declared once, parsed into the scan API's options, bad values rejected clearly.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addLlmOptions, llmOptionsFromFlags, type LlmFlags } from '../../src/cli/llm-options.js';

function parse(args: string[]): LlmFlags {
  const command = addLlmOptions(new Command('scan').exitOverride()).action(() => undefined);
  command.parse(args, { from: 'user' });
  return command.opts<LlmFlags>();
}

const options = (args: string[]) => llmOptionsFromFlags(parse(args), { env: {} });

describe('--llm flags', () => {
  it('mean nothing is sent when --llm is absent', () => {
    expect(options([])).toBeUndefined();
  });

  it('become the scan API options', () => {
    const o = options([
      '--llm',
      'openai',
      '--model',
      'qwen2.5-coder',
      '--base-url',
      'http://127.0.0.1:11434/v1',
      '--prompt',
      'hybrid',
      '--samples',
      '3',
      '--max-cost',
      '0.5',
      '--max-files',
      '20',
      '--llm-price',
      '0,0',
      '--llm-concurrency',
      '2',
      '--llm-timeout',
      '30',
      '--llm-only',
    ]);
    expect(o).toMatchObject({
      provider: 'openai',
      model: 'qwen2.5-coder',
      baseUrl: 'http://127.0.0.1:11434/v1',
      prompt: 'hybrid',
      samples: 3,
      maxCostUsd: 0.5,
      maxFiles: 20,
      price: { inputPerMTok: 0, outputPerMTok: 0 },
      concurrency: 2,
      timeoutMs: 30_000,
      llmOnly: true,
      cache: true,
    });
    expect(options(['--llm', 'anthropic', '--model', 'm', '--no-cache'])?.cache).toBe(false);
    expect(options(['--llm', 'anthropic', '--model', 'm', '--llm-cache-dir', '/c'])?.cache).toBe(
      '/c',
    );
  });

  it.each([
    [['--model', 'gpt-4.1'], /--model needs --llm/],
    [['--llm-only'], /--llm-only needs --llm/],
    [['--no-cache'], /--no-cache needs --llm/],
    [['--llm', 'openai'], /needs --model/],
    [['--llm', 'openai', '--model', 'm', '--samples', '0'], /--samples takes a whole number/],
    [
      ['--llm', 'openai', '--model', 'm', '--max-cost', 'lots'],
      /--max-cost takes a positive number/,
    ],
    [['--llm', 'openai', '--model', 'm', '--max-files', '1.5'], /--max-files takes a whole number/],
    [['--llm', 'openai', '--model', 'm', '--llm-price', 'x'], /--llm-price takes/],
    [['--llm', 'openai', '--model', 'm', '--base-url', 'localhost:1'], /--base-url takes an http/],
  ])('rejects %j', (args, message) => {
    expect(() => options(args)).toThrow(message);
  });

  it('leaves the choice of provider and prompt to commander', () => {
    expect(() => parse(['--llm', 'gemini'])).toThrow(/Allowed choices are openai, anthropic/);
    expect(() => parse(['--llm', 'openai', '--prompt', 'clever'])).toThrow(/Allowed choices/);
  });
});
