import { createHmac } from 'node:crypto';

/** `X-Hub-Signature-256`: HMAC-SHA256 of the exact body bytes with the webhook secret. */
export const signPayload = (options: {
  secret: string;
  body: string;
  algorithm?: 'sha256' | 'sha1';
}): string => {
  const algorithm = options.algorithm ?? 'sha256';
  return `${algorithm}=${createHmac(algorithm, options.secret).update(options.body).digest('hex')}`;
};
