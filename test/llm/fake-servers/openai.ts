/** A fake OpenAI-compatible chat-completions server (POST /v1/chat/completions). */
import {
  fakeTokens,
  startFakeServer,
  type FakeServer,
  type Protocol,
  type Scenario,
} from './server.js';

interface Message {
  role: string;
  content: string;
}

export const openAiProtocol: Protocol = {
  path: '/v1/chat/completions',
  view(body) {
    const messages = (body.messages ?? []) as Message[];
    return {
      model: String(body.model),
      system: messages
        .filter((m) => m.role === 'system')
        .map((m) => m.content)
        .join('\n'),
      user: messages
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .join('\n'),
      wantsStructured: body.response_format !== undefined,
      body,
    };
  },
  answer(reply, view) {
    const refused = reply.finish === 'refusal';
    return {
      id: `chatcmpl-fake-${String(view.attempt)}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: view.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: refused ? null : reply.text,
            refusal: refused ? reply.text : null,
          },
          finish_reason: reply.finish === 'length' ? 'length' : 'stop',
          logprobs: null,
        },
      ],
      ...(reply.noUsage === true
        ? {}
        : {
            usage: {
              prompt_tokens: fakeTokens(view.system + view.user),
              completion_tokens: fakeTokens(reply.text),
              total_tokens: fakeTokens(view.system + view.user) + fakeTokens(reply.text),
            },
          }),
    };
  },
  error(status, body) {
    const b = body as { message?: string; code?: string; type?: string };
    return {
      error: {
        message: b.message ?? `error ${String(status)}`,
        type: b.type ?? 'invalid_request_error',
        code: b.code ?? null,
        param: null,
      },
    };
  },
};

export function startFakeOpenAi(
  scenarios: Readonly<Record<string, Scenario>>,
  knownFiles: readonly string[],
): Promise<FakeServer> {
  return startFakeServer(openAiProtocol, scenarios, knownFiles);
}
