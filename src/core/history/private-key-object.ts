import { createPrivateKey, type KeyObject } from 'node:crypto';
import { HistoryKeyError } from './history-key-error.ts';

const MIN_RSA_BITS = 2048;

/**
 * Parses an RSA private key in PEM: PKCS#1 (`BEGIN RSA PRIVATE KEY`, the form GitHub hands out for App
 * keys) or PKCS#8 (`BEGIN PRIVATE KEY`). Throws `HistoryKeyError` saying what is wrong and what to do.
 */
export const privateKeyObject = (pem: string): KeyObject => {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN')) {
    throw new HistoryKeyError(
      'history signing key: not a PEM private key; pass the text of the .pem file GitHub generated for the app ' +
        '(-----BEGIN RSA PRIVATE KEY-----) or a PKCS#8 key (-----BEGIN PRIVATE KEY-----)',
    );
  }
  if (pem.includes('ENCRYPTED')) {
    throw new HistoryKeyError(
      'history signing key: the PEM is encrypted; decrypt it first (no passphrase is read)',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error: unknown) {
    throw new HistoryKeyError(
      'history signing key: the PEM could not be parsed (truncated, or line breaks lost? an environment ' +
        'variable must keep real newlines)',
      { cause: error },
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new HistoryKeyError(
      `history signing key: expected an RSA key, got ${key.asymmetricKeyType ?? 'an unknown type'}; history is signed with RSA-SHA256`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new HistoryKeyError(
      `history signing key: ${bits}-bit RSA is too weak; use at least ${MIN_RSA_BITS} bits`,
    );
  }
  return key;
};
