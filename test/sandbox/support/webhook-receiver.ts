import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  event: string;
  action: string | undefined;
  payload: Record<string, unknown>;
}

/** A stand-in for an app's webhook endpoint: records every delivery and answers `status`. */
export const startWebhookReceiver = async (options: { status?: number } = {}) => {
  const received: ReceivedWebhook[] = [];
  let status = options.status ?? 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const payload = JSON.parse(body) as Record<string, unknown>;
      received.push({
        headers: request.headers,
        body,
        event: String(request.headers['x-github-event']),
        action: typeof payload.action === 'string' ? payload.action : undefined,
        payload,
      });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    setStatus(next: number) {
      status = next;
    },
    /** Deliveries of one event (and action), in arrival order. */
    of(event: string, action?: string) {
      return received.filter((r) => r.event === event && (action === undefined || r.action === action));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
