import { createPublicKey, type KeyObject } from 'node:crypto';
import { HistoryKeyError } from './history-key-error.ts';

/**
 * The public half of `key`: a public key PEM (SPKI `BEGIN PUBLIC KEY` or PKCS#1 `BEGIN RSA PUBLIC KEY`),
 * a private key PEM, or a KeyObject of either kind. Throws `HistoryKeyError` for anything else.
 */
export const publicKeyObject = (key: string | KeyObject): KeyObject => {
  try {
    // createPublicKey refuses a KeyObject that is already public.
    const publicKey =
      typeof key === 'string'
        ? createPublicKey({ key, format: 'pem' })
        : key.type === 'public'
          ? key
          : createPublicKey(key);
    if (publicKey.asymmetricKeyType !== 'rsa') {
      throw new HistoryKeyError(
        `history verifying key: expected an RSA key, got ${publicKey.asymmetricKeyType}`,
      );
    }
    return publicKey;
  } catch (error: unknown) {
    if (error instanceof HistoryKeyError) throw error;
    throw new HistoryKeyError(
      'history verifying key: not a usable public key; pass a PEM (-----BEGIN PUBLIC KEY----- or -----BEGIN RSA PUBLIC KEY-----)',
      { cause: error },
    );
  }
};
