/**
 * Local fake model servers for tests: node:http on 127.0.0.1, port 0, no network. Each request is
 * answered by a scenario (chosen by the model name, `fake-<scenario>`), which returns a recorded answer,
 * an HTTP error, or nothing at all (a hung request). Every request is recorded for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one request. */
export type Reply =
  | {
      kind: 'answer';
      /** The answer text (JSON text for structured answers). */
      text: string;
      /** Send it as structured output (Anthropic: a tool_use block) when the request asked for it. */
      structured?: boolean;
      /** How the answer ended; 'length' = cut off, 'refusal' = refused. */
      finish?: 'stop' | 'length' | 'refusal';
      /** Leave usage out of the answer. */
      noUsage?: boolean;
    }
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  /** Never answers; the connection stays open until the client gives up. */
  | { kind: 'hang' };

export interface RequestView {
  /** Which file of the test samples the prompt is about (its basename, found in the user message). */
  file: string | undefined;
  /** 1-based count of requests for this (scenario, file) so far, this one included. */
  attempt: number;
  model: string;
  system: string;
  user: string;
  /** The request asked for structured output (response_format / tools). */
  wantsStructured: boolean;
  body: Record<string, unknown>;
}

export type Scenario = (req: RequestView) => Reply;

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  view: RequestView;
}

export interface FakeServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface Protocol {
  /** The POST path answered, e.g. /v1/chat/completions. */
  path: string;
  view(body: Record<string, unknown>): Omit<RequestView, 'file' | 'attempt'>;
  answer(reply: Extract<Reply, { kind: 'answer' }>, view: RequestView): unknown;
  error(status: number, body: unknown): unknown;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

export async function startFakeServer(
  protocol: Protocol,
  scenarios: Readonly<Record<string, Scenario>>,
  knownFiles: readonly string[],
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const counters = new Map<string, number>();
  const hung = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (req.method !== 'POST' || req.url?.split('?')[0] !== protocol.path) {
        send(
          res,
          404,
          protocol.error(404, { message: `no route ${req.method ?? ''} ${req.url ?? ''}` }),
        );
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        send(res, 400, protocol.error(400, { message: 'body is not JSON' }));
        return;
      }
      const base = protocol.view(body);
      const file = knownFiles.find((f) => base.user.includes(f));
      const name = base.model.replace(/^fake-/, '');
      const counterKey = `${name}\u0000${file ?? ''}`;
      const attempt = (counters.get(counterKey) ?? 0) + 1;
      counters.set(counterKey, attempt);
      const view: RequestView = { ...base, file, attempt };
      requests.push({ path: req.url, headers: req.headers, body, view });
      const scenario = scenarios[name];
      if (scenario === undefined) {
        send(res, 404, protocol.error(404, { message: `model ${base.model} does not exist` }));
        return;
      }
      const reply = scenario(view);
      if (reply.kind === 'hang') {
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      }
      if (reply.kind === 'error') {
        send(res, reply.status, protocol.error(reply.status, reply.body), reply.headers);
        return;
      }
      send(res, 200, protocol.answer(reply, view));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A rough token count for fake usage figures: one token per four characters. */
export function fakeTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
