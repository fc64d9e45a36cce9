import type { KeyObject } from 'node:crypto';
import { sha256Tag } from '../text/sha256.ts';
import { publicKeyObject } from './public-key-object.ts';

/**
 * `sha256:<hex>` of the public key's SPKI DER encoding. The same key has the same id whatever PEM form it
 * came in (PKCS#1 or PKCS#8 private, SPKI or PKCS#1 public), so verifiers can be matched by id.
 */
export const keyIdOf = (key: string | KeyObject): string =>
  sha256Tag(publicKeyObject(key).export({ type: 'spki', format: 'der' }));
