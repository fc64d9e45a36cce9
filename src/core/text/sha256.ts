import { createHash } from 'node:crypto';

/** `sha256:<hex>` of UTF-8 text or bytes: the tagged form every hash in a history entry uses. */
export const sha256Tag = (data: string | Uint8Array): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;
