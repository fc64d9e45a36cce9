import { DeliveryError } from '../use-cases/notification-sender.ts';

const TIMEOUT_MS = 10_000;

/**
 * POSTs JSON and resolves on a 2xx. Anything else is a DeliveryError: 5xx, 408 and 429 are retried (with the
 * answer's `retry-after`), other 4xx are not. The URL is never put in a message: it may hold a secret.
 */
export const postJson = async (options: {
  url: string;
  body: string;
  headers?: Record<string, string>;
  what: string;
}): Promise<void> => {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new DeliveryError(`${options.what} could not be reached (${cause})`);
  }
  await response.body?.cancel();
  if (response.ok) return;
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  throw new DeliveryError(`${options.what} answered HTTP ${response.status}`, {
    retryable,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
  });
};

const retryAfterMs = (value: string | null): number | null => {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
};
