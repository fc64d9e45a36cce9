import { verify } from 'node:crypto';
import type { Store } from '../state/store.ts';
import type { App } from '../state/types.ts';
import { HttpError } from './http-error.ts';
import type { Auth } from './route.ts';

const unauthorized = (message: string) =>
  new HttpError({
    status: 401,
    message,
    documentationUrl: 'https://docs.github.com/enterprise-server@3.19/rest',
  });

const decodePart = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

/** Verifies an app JWT as GitHub does: RS256 with the app's public key, `iat`/`exp` within 10 minutes. */
export const verifyAppJwt = (store: Store, options: { jwt: string; nowMs: number }): App => {
  const parts = options.jwt.split('.');
  if (parts.length !== 3) throw unauthorized('A JSON web token could not be decoded');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodePart(headerPart) as { alg?: unknown } | undefined;
  const payload = decodePart(payloadPart) as { iat?: unknown; exp?: unknown; iss?: unknown } | undefined;
  if (!header || !payload || header.alg !== 'RS256')
    throw unauthorized('A JSON web token could not be decoded');
  const app = store.apps.get(Number(payload.iss));
  if (!app) throw unauthorized(`Integration not found: no app with id ${String(payload.iss)}`);
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    app.publicKey,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) throw unauthorized('A JSON web token could not be decoded');
  const now = Math.floor(options.nowMs / 1000);
  if (typeof payload.iat !== 'number' || !Number.isInteger(payload.iat) || payload.iat > now + 60) {
    throw unauthorized(
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    );
  }
  if (typeof payload.exp !== 'number' || payload.exp <= now) {
    throw unauthorized(
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  }
  if (payload.exp - payload.iat > 660)
    throw unauthorized("'Expiration time' claim ('exp') is too far in the future");
  return app;
};

/** Reads `Authorization` (`Bearer <jwt>`, `token <t>`, `Bearer <t>`); a bad credential is a 401, never anonymous. */
export const resolveAuth = (store: Store, options: { header: string | undefined; nowMs: number }): Auth => {
  if (!options.header) return { kind: 'none' };
  const match = /^(bearer|token)\s+(\S+)$/i.exec(options.header.trim());
  if (!match?.[2]) throw unauthorized('Bad credentials');
  const credential = match[2];
  const grant = store.tokens.get(credential);
  if (!grant) {
    if (credential.split('.').length === 3) {
      return { kind: 'app', app: verifyAppJwt(store, { jwt: credential, nowMs: options.nowMs }) };
    }
    throw unauthorized('Bad credentials');
  }
  if (grant.kind === 'user') {
    return { kind: 'user', user: store.accountById(grant.userId), token: credential };
  }
  const installation = store.installations.get(grant.installationId);
  const app = installation ? store.apps.get(installation.appId) : undefined;
  if (!installation || !app || grant.expiresAtMs <= options.nowMs) throw unauthorized('Bad credentials');
  return { kind: 'installation', app, installation, grant, token: credential };
};
