import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

/** A webhook as GitHub sent it: its headers (signature included) and the exact body they sign. */
export interface SignedWebhook {
  headers: Record<string, string>;
  body: string;
}

export interface SendFigures {
  /** Deliveries answered 2xx. */
  handled: number;
  /** Deliveries answered otherwise or not at all; `failures` holds the first few reasons. */
  failed: number;
  failures: string[];
  elapsedMs: number;
  eventsPerSecond: number;
}

const post = (options: { url: URL; agent: Agent; webhook: SignedWebhook }): Promise<string | null> =>
  new Promise((resolve) => {
    const { url, webhook } = options;
    // A fresh delivery id each time: the signature covers the body only, and replicas on Redis handle a
    // delivery id once, so a repeated id would measure the de-duplication instead of the work.
    const headers = { ...webhook.headers, 'x-github-delivery': randomUUID() };
    const sent = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: options.agent,
        headers,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? null : `${status} ${text.slice(0, 200)}`);
        });
      },
    );
    sent.on('error', (error) => resolve(`${error.name}: ${error.message}`));
    sent.end(webhook.body);
  });

/**
 * Sends the pre-signed `webhooks` in turn (cycling) to `urls` in turn (round robin, as a load balancer in
 * front of replicas), `concurrency` at a time, until `count` were sent or `durationMs` passed (then waits for
 * those in flight). Events per second = answered deliveries / time until the last answer.
 */
export const sendSignedWebhooks = async (options: {
  urls: readonly string[];
  webhooks: readonly SignedWebhook[];
  concurrency: number;
  count?: number;
  durationMs?: number;
}): Promise<SendFigures> => {
  if (options.webhooks.length === 0 || options.urls.length === 0) throw new Error('nothing to send');
  const urls = options.urls.map((url) => new URL(url));
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const limit = options.count ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const deadline = started + (options.durationMs ?? Number.POSITIVE_INFINITY);
  let next = 0;
  let handled = 0;
  const failures: string[] = [];
  const worker = async (): Promise<void> => {
    while (next < limit && performance.now() < deadline) {
      const index = next++;
      // Each pass over the payloads starts on the next replica, so a payload does not always land on the same one.
      const pass = Math.floor(index / options.webhooks.length);
      const failure = await post({
        url: urls[(index + pass) % urls.length] as URL,
        agent,
        webhook: options.webhooks[index % options.webhooks.length] as SignedWebhook,
      });
      if (failure === null) handled++;
      else failures.push(failure);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const elapsedMs = performance.now() - started;
  return {
    handled,
    failed: failures.length,
    failures: failures.slice(0, 5),
    elapsedMs,
    eventsPerSecond: (1000 * handled) / elapsedMs,
  };
};
