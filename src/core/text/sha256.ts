import { createHash } from 'node:crypto';

/** Hex SHA-256 of UTF-8 text or bytes: the one place Change Gate hashes with SHA-256. */
export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/** `sha256:<hex>` of UTF-8 text or bytes: the tagged form every hash in a history entry uses. */
export const sha256Tag = (data: string | Uint8Array): string => `sha256:${sha256Hex(data)}`;
