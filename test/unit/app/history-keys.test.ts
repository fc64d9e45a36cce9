import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner } from '../../../src/core/history/create-signer.ts';
import { createVerifier } from '../../../src/core/history/create-verifier.ts';
import { HistoryKeyError } from '../../../src/core/history/history-key-error.ts';
import { keyIdOf } from '../../../src/core/history/key-id-of.ts';
import { publicKeyFromPrivate } from '../../../src/core/history/public-key-from-private.ts';
import { appKey, rsaKey } from '../history/history-fixtures.ts';

/** The key id computed by hand, with node:crypto only. */
const independentKeyId = (pem: string): string =>
  `sha256:${createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;

describe('history keys', () => {
  it('gives one key id for the PKCS#1 and PKCS#8 forms of a private key and both public forms', () => {
    expect(appKey.pkcs1).toContain('BEGIN RSA PRIVATE KEY');
    expect(appKey.pkcs8).toContain('BEGIN PRIVATE KEY');
    const id = keyIdOf(appKey.pkcs1);
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(id).toBe(independentKeyId(appKey.spki));
    expect(keyIdOf(appKey.pkcs8)).toBe(id);
    expect(keyIdOf(appKey.spki)).toBe(id);
    expect(keyIdOf(appKey.pkcs1Public)).toBe(id);
    expect(createSigner(appKey.pkcs8).keyId).toBe(id);
    expect(createSigner(appKey.pkcs1).keyId).toBe(id);
  });

  it('tells different keys apart', () => {
    expect(keyIdOf(rsaKey().spki)).not.toBe(keyIdOf(appKey.spki));
  });

  it('derives the SPKI public key to publish from a PKCS#1 private key', () => {
    const published = publicKeyFromPrivate(appKey.pkcs1);
    expect(published).toContain('-----BEGIN PUBLIC KEY-----');
    expect(published).not.toContain('PRIVATE');
    expect(independentKeyId(published)).toBe(keyIdOf(appKey.pkcs1));
    expect(createSigner(appKey.pkcs1).publicKeyPem).toBe(published);
    expect(createVerifier(appKey.pkcs1Public).publicKeyPem).toBe(published);
  });

  it.each([
    ['an empty string', ''],
    ['text without PEM armour', 'not a key'],
    ['a truncated PEM', appKey.pkcs1.slice(0, 200)],
    ['a PEM whose newlines were flattened', appKey.pkcs1.replaceAll('\n', '\\n')],
    ['a public key where a private one is needed', appKey.spki],
  ])('rejects %s with a HistoryKeyError that leaks no key material', (_name, pem) => {
    let caught: unknown;
    try {
      createSigner(pem);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HistoryKeyError);
    const message = (caught as Error).message;
    expect(message).toMatch(/^history signing key: /);
    expect(message).not.toContain(appKey.pkcs1.split('\n')[1]!.slice(0, 20));
  });

  it('rejects an encrypted PEM, a non-RSA key and a weak RSA key, saying why', () => {
    const encrypted = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
    expect(() => createSigner(encrypted)).toThrow(/encrypted/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => createSigner(ec.toString())).toThrow(/expected an RSA key, got ec/);
    expect(() => createSigner(rsaKey(1024).pkcs1)).toThrow(/1024-bit RSA is too weak/);
  });

  it('rejects a verifying key that is not a public key PEM', () => {
    expect(() => createVerifier('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(
      HistoryKeyError,
    );
  });
});
