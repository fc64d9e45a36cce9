import { sha256Tag } from '../text/sha256.ts';
import { canonicalJson } from './canonical-json.ts';
import type { SignedEntry } from './history-entry.ts';

/**
 * `sha256:<hex>` of the canonical JSON of the whole signed entry (entry, signature and key id): the
 * `prev` of the entry that follows it. Hashing the signature too means a re-signed entry breaks the chain.
 */
export const entryHash = (signed: SignedEntry): string =>
  sha256Tag(canonicalJson({ entry: signed.entry, key_id: signed.key_id, signature: signed.signature }));
