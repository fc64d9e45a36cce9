import { type KeyObject, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { SignedEntry } from './history-entry.ts';
import { keyIdOf } from './key-id-of.ts';
import { publicKeyObject } from './public-key-object.ts';

export interface HistoryVerifier {
  /** `sha256:<hex>` of the SPKI DER: entries name the key that signed them by this id. */
  keyId: string;
  /** SPKI PEM, the form to publish. */
  publicKeyPem: string;
  /**
   * True when `signed` names this key and its signature is this key's RSA-SHA256 (PKCS#1 v1.5) signature
   * over the UTF-8 canonical JSON of `signed.entry`. Never throws: anything odd is simply not verified.
   */
  verify(signed: SignedEntry): boolean;
}

/** A verifier for one public key (or the public half of a private key), parsed once. */
export const createVerifier = (key: string | KeyObject): HistoryVerifier => {
  const publicKey = publicKeyObject(key);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    verify(signed) {
      try {
        if (signed.key_id !== keyId || typeof signed.signature !== 'string') return false;
        const data = Buffer.from(canonicalJson(signed.entry), 'utf8');
        return verify('sha256', data, publicKey, Buffer.from(signed.signature, 'base64url'));
      } catch {
        return false;
      }
    },
  };
};
