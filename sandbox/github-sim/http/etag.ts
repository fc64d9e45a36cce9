import { createHash } from 'node:crypto';

/** A weak ETag over the exact response text, as GitHub sends for JSON. */
export const etagOf = (text: string): string => `W/"${createHash('sha256').update(text).digest('hex')}"`;

export const etagMatches = (header: string | undefined, etag: string): boolean =>
  (header ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .includes(etag.replace(/^W\//, ''));
