import { createSign } from 'node:crypto';

/** An app JWT signed with RS256, with claims the test controls (GitHub checks iat/exp/iss). */
export const appJwt = (options: {
  appId: number | string;
  privateKeyPem: string;
  iat?: number;
  exp?: number;
}): string => {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT' });
  const payload = encode({ iat: options.iat ?? now - 30, exp: options.exp ?? now + 540, iss: options.appId });
  const signature = createSign('RSA-SHA256')
    .update(`${header}.${payload}`)
    .sign(options.privateKeyPem, 'base64url');
  return `${header}.${payload}.${signature}`;
};
