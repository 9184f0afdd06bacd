import { LlmError, type LlmErrorKind } from './provider.js';

/**
 * The parts of an SDK error the pipeline looks at. Both official SDKs (openai, @anthropic-ai/sdk) throw
 * errors of this shape: an HTTP status, the response headers and the body.
 */
interface SdkErrorLike {
  status?: number | undefined;
  headers?: Headers | undefined;
  message: string;
  error?: unknown;
}

/** The server is telling us the prompt does not fit the model's context window. */
const CONTEXT_LENGTH =
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|input is too long|exceeds? the (?:model'?s? )?(?:maximum|max)/i;

/**
 * Milliseconds to wait according to the answer's headers: `retry-after-ms` (OpenAI), or `retry-after` as
 * seconds or an HTTP date (RFC 9110 section 10.2.3). Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers | undefined, nowMs: number): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(?:\.\d+)?\s*$/.test(ms)) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function bodyText(e: SdkErrorLike): string {
  if (e.error === undefined || e.error === null) return '';
  try {
    return JSON.stringify(e.error);
  } catch {
    return '';
  }
}

/** The short, human part of an SDK message ("401 Incorrect API key" -> as is; bodies are not echoed). */
function shortMessage(e: SdkErrorLike): string {
  const m = e.message.replace(/\s+/g, ' ').trim();
  return m.length > 300 ? `${m.slice(0, 297)}...` : m;
}

/** True when a 4xx says the prompt is too long for the model. */
export function isContextLengthMessage(text: string): boolean {
  return CONTEXT_LENGTH.test(text);
}

/**
 * Maps an error thrown by an SDK call to an LlmError with a kind the retry loop and the report understand.
 * `isTimeout` / `isConnection` recognise the SDK's own classes (each SDK has its own).
 */
export function toLlmError(
  e: unknown,
  sdk: { isTimeout: (e: unknown) => boolean; isConnection: (e: unknown) => boolean },
  context: { provider: string; baseUrl: string; timeoutMs: number; nowMs: number },
): LlmError {
  if (e instanceof LlmError) return e;
  if (sdk.isTimeout(e)) {
    return new LlmError(
      'timeout',
      `no answer from ${context.provider} within ${String(context.timeoutMs / 1000)} s (--llm-timeout)`,
    );
  }
  if (sdk.isConnection(e)) {
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return new LlmError('connection', `cannot connect to ${context.baseUrl}${cause}`);
  }
  if (typeof e !== 'object' || e === null || !('message' in e)) {
    return new LlmError('malformed', `unexpected failure: ${String(e)}`);
  }
  const err = e as SdkErrorLike;
  const status = err.status;
  const text = `${err.message} ${bodyText(err)}`;
  const retryAfterMs = parseRetryAfter(err.headers, context.nowMs);
  let kind: LlmErrorKind;
  let message: string;
  if (status === undefined) {
    kind = 'malformed';
    message = shortMessage(err);
  } else if (status === 401 || status === 403) {
    kind = 'auth';
    message = `${context.provider} rejected the credentials (HTTP ${String(status)}); check the API key in the environment (${context.provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'})`;
  } else if (status === 429) {
    kind = 'rate-limit';
    message = `rate limited by ${context.provider} (HTTP 429)`;
  } else if (
    status === 413 ||
    ((status === 400 || status === 422) && isContextLengthMessage(text))
  ) {
    kind = 'context-length';
    message = `the prompt does not fit the model's context window (HTTP ${String(status)}): ${shortMessage(err)}`;
  } else if (status === 404) {
    kind = 'not-found';
    message = `not found (HTTP 404; is the model name or base URL right?): ${shortMessage(err)}`;
  } else if (status === 408 || status === 409 || status >= 500) {
    kind = 'server';
    message = `${context.provider} server error (HTTP ${String(status)}): ${shortMessage(err)}`;
  } else {
    kind = 'bad-request';
    message = `request rejected (HTTP ${String(status)}): ${shortMessage(err)}`;
  }
  return new LlmError(kind, message, { status, retryAfterMs });
}

/**
 * When a server rejects a request naming a parameter we chose to send (structured output, temperature,
 * seed, the token limit's name), which one it was; the provider then drops it and asks again once.
 */
export function rejectedParameter<P extends string>(
  e: LlmError,
  raw: unknown,
  candidates: readonly { param: P; pattern: RegExp }[],
): P | undefined {
  if (e.kind !== 'bad-request') return undefined;
  const text =
    typeof raw === 'object' && raw !== null && 'message' in raw
      ? `${String(raw.message)} ${bodyText(raw as SdkErrorLike)}`
      : '';
  return candidates.find((c) => c.pattern.test(text))?.param;
}

export interface SenderOptions<P extends string> {
  provider: string;
  baseUrl: string;
  timeoutMs: number;
  now: () => number;
  /** The SDK's own timeout and connection error classes. */
  timeoutError: abstract new (...args: never[]) => Error;
  connectionError: abstract new (...args: never[]) => Error;
  /** Optional parameters a server may reject, recognised in its 400 message. */
  optional: readonly { param: P; pattern: RegExp }[];
}

export interface Sender<P extends string> {
  /** Parameters this server rejected once; not sent again for the rest of the run. */
  dropped: ReadonlySet<P>;
  /**
   * Sends one request through an SDK call, mapping failures to LlmError. When the server rejects an
   * optional parameter we chose to send (structured output, temperature, seed, ...), that parameter is
   * dropped for the rest of the run and the request is built and sent again without it.
   */
  send<B extends object, R>(
    build: () => B,
    call: (body: B) => Promise<R>,
  ): Promise<{ body: B; response: R }>;
}

export function createSender<P extends string>(options: SenderOptions<P>): Sender<P> {
  const dropped = new Set<P>();
  const sdk = {
    isTimeout: (e: unknown) => e instanceof options.timeoutError,
    isConnection: (e: unknown) => e instanceof options.connectionError,
  };
  return {
    dropped,
    async send(build, call) {
      for (;;) {
        const body = build();
        try {
          return { body, response: await call(body) };
        } catch (e) {
          const err = toLlmError(e, sdk, {
            provider: options.provider,
            baseUrl: options.baseUrl,
            timeoutMs: options.timeoutMs,
            nowMs: options.now(),
          });
          const param = rejectedParameter(err, e, options.optional);
          if (param === undefined || !(param in body) || dropped.has(param)) throw err;
          dropped.add(param);
        }
      }
    },
  };
}
