/**
 * What the LLM pipeline needs from a model server, independent of the vendor: send one system + user
 * message pair, get the answer text back with its usage, or a typed {@link LlmError}.
 */

export type ProviderName = 'openai' | 'anthropic';

export const PROVIDER_NAMES: readonly ProviderName[] = ['openai', 'anthropic'];

export interface ChatRequest {
  system: string;
  user: string;
  /** JSON schema of the structured answer; asked for with the vendor's structured-output feature. */
  schema?: { name: string; schema: Record<string, unknown> } | undefined;
  /** Upper bound on answer tokens. */
  maxOutputTokens: number;
  /** Sent where the server supports it (OpenAI-compatible servers), for reproducible sampling. */
  seed?: number | undefined;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatAnswer {
  /** The answer: JSON text when structured output was used, else whatever the model wrote. */
  text: string;
  /** True when the server honoured the structured-output request. */
  structured: boolean;
  /** Usage as reported by the server; absent when the server does not report it. */
  usage?: TokenUsage;
  /** The model that answered, as the server names it. */
  model: string;
}

export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  /** Where requests go (the vendor's default or the --base-url). */
  readonly baseUrl: string;
  /** Throws LlmError (and only LlmError) when no usable answer came back. */
  complete(request: ChatRequest): Promise<ChatAnswer>;
}

/** What both providers are built from. */
export interface ProviderOptions {
  model: string;
  /** The vendor's API by default; any compatible server with a base URL. */
  baseUrl?: string | undefined;
  /** Only ever from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY). */
  apiKey?: string | undefined;
  timeoutMs: number;
  /** The clock for Retry-After dates. */
  now?: () => number;
  /** For tests: a fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export type LlmErrorKind =
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'auth'
  | 'context-length'
  | 'refusal'
  | 'truncated'
  | 'malformed'
  | 'bad-request'
  | 'not-found';

/** Kinds worth asking again after a pause. */
const RETRYABLE: ReadonlySet<LlmErrorKind> = new Set([
  'rate-limit',
  'server',
  'timeout',
  'connection',
]);

export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly kind: LlmErrorKind;
  readonly status: number | undefined;
  /** The server's Retry-After (or retry-after-ms), in milliseconds from when the answer arrived. */
  readonly retryAfterMs: number | undefined;
  /** Usage the failed answer still consumed (a truncated or refused answer is billed). */
  readonly usage: TokenUsage | undefined;
  /** What a cut-off answer said before it stopped; its complete claims can still be used. */
  readonly partialText: string | undefined;

  constructor(
    kind: LlmErrorKind,
    message: string,
    extra: {
      status?: number | undefined;
      retryAfterMs?: number | undefined;
      usage?: TokenUsage;
      partialText?: string;
    } = {},
  ) {
    super(message);
    this.kind = kind;
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
    this.usage = extra.usage;
    this.partialText = extra.partialText;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}
