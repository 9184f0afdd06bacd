/** A fake Anthropic Messages server (POST /v1/messages). */
import {
  fakeTokens,
  startFakeServer,
  type FakeServer,
  type Protocol,
  type Scenario,
} from './server.js';

interface Message {
  role: string;
  content: string | { type: string; text?: string }[];
}

function textOf(content: Message['content']): string {
  if (typeof content === 'string') return content;
  return content.map((b) => b.text ?? '').join('');
}

export const anthropicProtocol: Protocol = {
  path: '/v1/messages',
  view(body) {
    const messages = (body.messages ?? []) as Message[];
    const system = body.system;
    return {
      model: String(body.model),
      system: typeof system === 'string' ? system : '',
      user: messages
        .filter((m) => m.role === 'user')
        .map((m) => textOf(m.content))
        .join('\n'),
      wantsStructured: Array.isArray(body.tools) && body.tools.length > 0,
      body,
    };
  },
  answer(reply, view) {
    const tools = (view.body.tools ?? []) as { name: string }[];
    const asTool = view.wantsStructured && reply.structured !== false && reply.finish !== 'refusal';
    let content: unknown[];
    if (asTool) {
      let input: unknown;
      try {
        input = JSON.parse(reply.text);
      } catch {
        // A cut-off tool call: the fake sends what a server would, the partial object as far as it parsed.
        input = {};
      }
      content = [{ type: 'tool_use', id: 'toolu_fake', name: tools[0]?.name ?? 'tool', input }];
    } else {
      content = [{ type: 'text', text: reply.text }];
    }
    return {
      id: `msg_fake_${String(view.attempt)}`,
      type: 'message',
      role: 'assistant',
      model: view.model,
      content,
      stop_reason:
        reply.finish === 'length'
          ? 'max_tokens'
          : reply.finish === 'refusal'
            ? 'refusal'
            : asTool
              ? 'tool_use'
              : 'end_turn',
      stop_sequence: null,
      ...(reply.noUsage === true
        ? {}
        : {
            usage: {
              input_tokens: fakeTokens(view.system + view.user),
              output_tokens: fakeTokens(reply.text),
            },
          }),
    };
  },
  error(status, body) {
    const b = body as { message?: string; type?: string };
    const type =
      b.type ??
      (
        {
          401: 'authentication_error',
          403: 'permission_error',
          429: 'rate_limit_error',
          529: 'overloaded_error',
        } as Record<number, string>
      )[status] ??
      (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { type: 'error', error: { type, message: b.message ?? `error ${String(status)}` } };
  },
};

export function startFakeAnthropic(
  scenarios: Readonly<Record<string, Scenario>>,
  knownFiles: readonly string[],
): Promise<FakeServer> {
  return startFakeServer(anthropicProtocol, scenarios, knownFiles);
}
