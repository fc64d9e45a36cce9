import { privateKeyObject } from './private-key-object.ts';
import { publicKeyObject } from './public-key-object.ts';

/** The SPKI PEM (`BEGIN PUBLIC KEY`) to publish so that anyone can verify the history a private key signs. */
export const publicKeyFromPrivate = (privateKeyPem: string): string =>
  publicKeyObject(privateKeyObject(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
