import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * A GitHub Actions OIDC issuer on loopback: publishes a JWKS at `/.well-known/jwks` and mints tokens with
 * the claims a job's token carries. `rogue` signs with a key the issuer does not publish.
 */
export const startOidcIssuer = async () => {
  const published = await generateKeyPair('RS256');
  const rogue = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(published.publicKey)), kid: 'published', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((request, response) => {
    if (request.url === '/.well-known/jwks') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mint = async (options: {
    repository: string;
    environment?: string;
    audience?: string;
    expiresInSeconds?: number;
    key?: 'published' | 'rogue';
    issuer?: string;
  }) => {
    const now = Math.floor(Date.now() / 1000);
    const rogueKey = options.key === 'rogue';
    return new SignJWT({
      repository: options.repository,
      repository_owner: options.repository.split('/')[0],
      actor: 'deploy-bot',
      ...(options.environment ? { environment: options.environment } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: rogueKey ? 'rogue' : 'published', typ: 'JWT' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? 'change-gate')
      .setSubject(`repo:${options.repository}:ref:refs/heads/main`)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + (options.expiresInSeconds ?? 300))
      .sign(rogueKey ? rogue.privateKey : published.privateKey);
  };
  return {
    issuer,
    mint,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
