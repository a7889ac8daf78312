import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { id: string; event: string; occurredAt: string; data: Record<string, unknown> };
}

/** A real HTTP receiver on 127.0.0.1: records every call and answers `status(call, nth try of this delivery)`. */
export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** Calls whose data carries one of these connection-call ids (other files' events are ignored). */
  callsFor(ids: string[]): ReceivedCall[];
  close(): Promise<void>;
}

export async function startReceiver(status: (call: ReceivedCall, nth: number) => number = () => 204): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const call: ReceivedCall = { headers: req.headers, rawBody, body: JSON.parse(rawBody) };
      calls.push(call);
      res.statusCode = status(call, calls.filter((c) => c.body.id === call.body.id).length);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    calls,
    callsFor: (ids) => calls.filter((c) => ids.includes(String(c.body.data.connectionCallId))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
