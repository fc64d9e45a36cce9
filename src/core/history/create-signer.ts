import { sign } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { createVerifier, type HistoryVerifier } from './create-verifier.ts';
import type { HistoryEntry, SignedEntry } from './history-entry.ts';
import { privateKeyObject } from './private-key-object.ts';
import { historyEntryProblem } from './signed-entry-problem.ts';

export interface HistorySigner extends HistoryVerifier {
  /**
   * Signs `entry` (RSA-SHA256, PKCS#1 v1.5, over its UTF-8 canonical JSON; signature in base64url).
   * Throws a TypeError for an entry a reader would reject, so we never publish what we cannot read back.
   */
  sign(entry: HistoryEntry): SignedEntry;
}

/**
 * Parses the private key once (PKCS#1 or PKCS#8 PEM; the GitHub App's own key by default) and returns a
 * signer that also verifies, so it can be passed to `readHistory` as a verifier.
 */
export const createSigner = (privateKeyPem: string): HistorySigner => {
  const privateKey = privateKeyObject(privateKeyPem);
  const verifier = createVerifier(privateKey);
  return {
    ...verifier,
    sign(entry) {
      const problem = historyEntryProblem(entry);
      if (problem !== null)
        throw new TypeError(`cannot sign a malformed history entry: ${problem.path}: ${problem.message}`);
      const text = canonicalJson(entry);
      const signature = sign('sha256', Buffer.from(text, 'utf8'), privateKey);
      // A copy of exactly what was signed: mutating the caller's object later cannot break the signature.
      return {
        entry: JSON.parse(text) as HistoryEntry,
        signature: signature.toString('base64url'),
        key_id: verifier.keyId,
      };
    },
  };
};
