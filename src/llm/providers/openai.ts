import OpenAI, { APIConnectionError, APIConnectionTimeoutError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { createSender } from './errors.js';
import {
  LlmError,
  type ChatAnswer,
  type ChatRequest,
  type LlmProvider,
  type ProviderOptions,
  type TokenUsage,
} from './provider.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * baseUrl: any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio); apiKey: from OPENAI_API_KEY,
 * which a local server usually does not need.
 */
export type OpenAiProviderOptions = ProviderOptions;

type Optional = 'response_format' | 'temperature' | 'seed' | 'max_completion_tokens';

/** Parameters some OpenAI-compatible servers or models reject, recognised in the 400 message. */
const OPTIONAL_PARAMS: readonly { param: Optional; pattern: RegExp }[] = [
  { param: 'response_format', pattern: /response_format|json_schema|structured output/i },
  { param: 'temperature', pattern: /temperature/i },
  { param: 'seed', pattern: /\bseed\b/i },
  { param: 'max_completion_tokens', pattern: /max_completion_tokens/i },
];

function usageOf(c: ChatCompletion): TokenUsage | undefined {
  if (c.usage === undefined) return undefined;
  return { inputTokens: c.usage.prompt_tokens, outputTokens: c.usage.completion_tokens };
}

/**
 * Chat completions through the official SDK. The SDK's own retries are off (maxRetries 0): the pipeline
 * retries with its own bounded, clock-injectable backoff so that waits are accounted for and testable.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const baseUrl = options.baseUrl ?? OPENAI_DEFAULT_BASE_URL;
  const official = baseUrl === OPENAI_DEFAULT_BASE_URL;
  const now = options.now ?? Date.now;
  if (official && (options.apiKey === undefined || options.apiKey === '')) {
    throw new LlmError(
      'auth',
      'OPENAI_API_KEY is not set; export it, or give --base-url for a local OpenAI-compatible server',
    );
  }
  const client = new OpenAI({
    // The SDK refuses to start without a key; local servers ignore whatever is sent.
    apiKey: options.apiKey !== undefined && options.apiKey !== '' ? options.apiKey : 'no-key',
    baseURL: baseUrl,
    timeout: options.timeoutMs,
    maxRetries: 0,
    // Never picked up from OPENAI_ORG_ID / OPENAI_PROJECT_ID by accident.
    organization: null,
    project: null,
    adminAPIKey: null,
    logLevel: 'off',
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  });
  const sender = createSender({
    provider: 'openai',
    baseUrl,
    timeoutMs: options.timeoutMs,
    now,
    timeoutError: APIConnectionTimeoutError,
    connectionError: APIConnectionError,
    optional: OPTIONAL_PARAMS,
  });
  const { dropped } = sender;

  const params = (req: ChatRequest): ChatCompletionCreateParamsNonStreaming => {
    const p: ChatCompletionCreateParamsNonStreaming = {
      model: options.model,
      messages: [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ],
    };
    if (!dropped.has('temperature')) p.temperature = 0;
    // The SDK marks seed and max_tokens deprecated, but OpenAI-compatible servers (vLLM, llama.cpp,
    // Ollama) honour seed, and many of them know only max_tokens.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    if (req.seed !== undefined && !dropped.has('seed')) p.seed = req.seed;
    // api.openai.com's newer models only accept max_completion_tokens.
    if (official && !dropped.has('max_completion_tokens'))
      p.max_completion_tokens = req.maxOutputTokens;
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    else p.max_tokens = req.maxOutputTokens;
    if (req.schema !== undefined && !dropped.has('response_format')) {
      p.response_format = {
        type: 'json_schema',
        json_schema: { name: req.schema.name, schema: req.schema.schema, strict: true },
      };
    }
    return p;
  };

  const complete = async (req: ChatRequest): Promise<ChatAnswer> => {
    const { body, response } = await sender.send(
      () => params(req),
      (b) => client.chat.completions.create(b),
    );
    return answerOf(response, body.response_format !== undefined, options.model);
  };

  return { name: 'openai', model: options.model, baseUrl, complete };
}

function answerOf(c: ChatCompletion, structured: boolean, requested: string): ChatAnswer {
  const usage = usageOf(c);
  const extra = usage !== undefined ? { usage } : {};
  const choice = c.choices[0];
  if (choice === undefined) {
    throw new LlmError('malformed', 'the server answered without any choice', extra);
  }
  const msg = choice.message;
  // Servers other than OpenAI's may leave the field out altogether.
  const refusal = msg.refusal as string | null | undefined;
  if (refusal !== null && refusal !== undefined && refusal !== '') {
    throw new LlmError('refusal', `the model refused: ${refusal.slice(0, 200)}`, extra);
  }
  if (choice.finish_reason === 'content_filter') {
    throw new LlmError('refusal', 'the answer was withheld by the content filter', extra);
  }
  if (choice.finish_reason === 'length') {
    throw new LlmError(
      'truncated',
      'the answer was cut off at the output token limit (finish_reason "length")',
      { ...extra, partialText: msg.content ?? '' },
    );
  }
  const text = msg.content ?? '';
  if (text.trim() === '') {
    throw new LlmError('malformed', 'the model returned an empty answer', extra);
  }
  return {
    text,
    structured,
    model: typeof c.model === 'string' && c.model !== '' ? c.model : requested,
    ...extra,
  };
}
