import Anthropic, { APIConnectionError, APIConnectionTimeoutError } from '@anthropic-ai/sdk';
import type {
  Message,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { createSender } from './errors.js';
import {
  LlmError,
  type ChatAnswer,
  type ChatRequest,
  type LlmProvider,
  type ProviderOptions,
  type TokenUsage,
} from './provider.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** apiKey: from ANTHROPIC_API_KEY (required). */
export type AnthropicProviderOptions = ProviderOptions;

type Optional = 'tools';

const OPTIONAL_PARAMS: readonly { param: Optional; pattern: RegExp }[] = [
  { param: 'tools', pattern: /\btools?\b|tool_choice|input_schema/i },
];

function usageOf(m: Message): TokenUsage | undefined {
  // A proxy or an old server may leave usage out; the pipeline then falls back to its estimate.
  const u = m.usage as Partial<Message['usage']> | undefined;
  if (u === undefined || typeof u.input_tokens !== 'number' || typeof u.output_tokens !== 'number')
    return undefined;
  return { inputTokens: u.input_tokens, outputTokens: u.output_tokens };
}

/**
 * The Messages API through the official SDK. Structured output is a single tool whose input schema is
 * the answer schema, forced with tool_choice; the tool's input is the answer. SDK retries are off.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): LlmProvider {
  const baseUrl = options.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL;
  const now = options.now ?? Date.now;
  if (options.apiKey === undefined || options.apiKey === '') {
    throw new LlmError('auth', 'ANTHROPIC_API_KEY is not set; export it to use --llm anthropic');
  }
  const client = new Anthropic({
    apiKey: options.apiKey,
    // Credentials come from our caller only, never picked up by the SDK from other variables.
    authToken: null,
    baseURL: baseUrl,
    timeout: options.timeoutMs,
    maxRetries: 0,
    logLevel: 'off',
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  });
  const sender = createSender({
    provider: 'anthropic',
    baseUrl,
    timeoutMs: options.timeoutMs,
    now,
    timeoutError: APIConnectionTimeoutError,
    connectionError: APIConnectionError,
    optional: OPTIONAL_PARAMS,
  });
  const { dropped } = sender;

  const params = (req: ChatRequest): MessageCreateParamsNonStreaming => {
    const p: MessageCreateParamsNonStreaming = {
      model: options.model,
      max_tokens: req.maxOutputTokens,
      system: req.system,
      messages: [{ role: 'user', content: req.user }],
    };
    // The Messages API of SDK 1.x takes neither a seed nor a temperature; reproducibility comes from the
    // answer cache and from --samples majority voting.
    if (req.schema !== undefined && !dropped.has('tools')) {
      p.tools = [
        {
          name: req.schema.name,
          description: 'Record the security review of the code, following this schema exactly.',
          input_schema: { type: 'object', ...req.schema.schema },
        },
      ];
      p.tool_choice = { type: 'tool', name: req.schema.name };
    }
    return p;
  };

  const complete = async (req: ChatRequest): Promise<ChatAnswer> => {
    const { response } = await sender.send(
      () => params(req),
      (b) => client.messages.create(b),
    );
    return answerOf(response, options.model);
  };

  return { name: 'anthropic', model: options.model, baseUrl, complete };
}

function answerOf(m: Message, requested: string): ChatAnswer {
  const usage = usageOf(m);
  const extra = usage !== undefined ? { usage } : {};
  const blocks = Array.isArray(m.content) ? m.content : [];
  const text = blocks
    .map((b) => (b.type === 'text' ? b.text : ''))
    .join('')
    .trim();
  if (m.stop_reason === 'refusal') {
    throw new LlmError(
      'refusal',
      `the model refused${text !== '' ? `: ${text.slice(0, 200)}` : ''}`,
      extra,
    );
  }
  if (m.stop_reason === 'max_tokens') {
    const tool = blocks.find((b) => b.type === 'tool_use');
    throw new LlmError(
      'truncated',
      'the answer was cut off at the output token limit (stop_reason "max_tokens")',
      { ...extra, partialText: tool !== undefined ? JSON.stringify(tool.input) : text },
    );
  }
  if (m.stop_reason === 'model_context_window_exceeded') {
    throw new LlmError('context-length', "the prompt filled the model's context window", extra);
  }
  const model = typeof m.model === 'string' && m.model !== '' ? m.model : requested;
  const tool = blocks.find((b) => b.type === 'tool_use');
  if (tool !== undefined) {
    return { text: JSON.stringify(tool.input), structured: true, model, ...extra };
  }
  if (text === '') throw new LlmError('malformed', 'the model returned an empty answer', extra);
  return { text, structured: false, model, ...extra };
}
