import type { Probot } from 'probot';
import type { ApiContext } from '../api/api-context.ts';
import { createAuthenticator } from '../api/auth/authenticate.ts';
import { createOidcVerifier, GITHUB_ACTIONS_ISSUER } from '../api/auth/oidc-verifier.ts';
import { createUserTokenIdentity } from '../api/auth/user-token-identity.ts';
import { createUserTokenRepositoryAccess } from '../api/auth/user-token-repository-access.ts';
import { createApiHandler } from '../api/create-api-handler.ts';
import { createMemoryRateLimiter, parseRateLimit } from '../api/http/rate-limiter.ts';
import type { AppDeps } from './app-deps.ts';
import { createRepositoryClients } from './repository-clients.ts';

/** GitHub's REST API root as Probot reads it: GHES when `GHE_HOST` is set (`GHE_PROTOCOL`, default https). */
export const githubApiUrl = (env: Record<string, string | undefined>): string =>
  env.GHE_HOST ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/api/v3` : 'https://api.github.com';

/**
 * The REST API's handler for the app's HTTP server, configured from the environment:
 * `CHANGE_GATE_OIDC_ISSUER` (default GitHub Actions' issuer), `CHANGE_GATE_OIDC_JWKS_URL` (default
 * `<issuer>/.well-known/jwks`), `CHANGE_GATE_OIDC_AUDIENCE` (default `change-gate`),
 * `CHANGE_GATE_API_RATE_LIMIT` (default `120/1m` per caller, or `off`).
 */
export const createApi = (
  app: Probot,
  deps: AppDeps,
  env: Record<string, string | undefined> = process.env,
) => {
  const issuer = (env.CHANGE_GATE_OIDC_ISSUER?.trim() || GITHUB_ACTIONS_ISSUER).replace(/\/$/, '');
  const rate = parseRateLimit(env.CHANGE_GATE_API_RATE_LIMIT);
  const api: ApiContext = {
    deps,
    clients: createRepositoryClients(app, deps),
    authenticate: createAuthenticator({
      userLogin: createUserTokenIdentity({ apiUrl: githubApiUrl(env) }),
      userSees: createUserTokenRepositoryAccess({ apiUrl: githubApiUrl(env) }),
      oidc: createOidcVerifier({
        issuer,
        jwksUrl: env.CHANGE_GATE_OIDC_JWKS_URL?.trim() || `${issuer}/.well-known/jwks`,
        audience: env.CHANGE_GATE_OIDC_AUDIENCE?.trim() || 'change-gate',
      }),
    }),
    limiter: rate ? createMemoryRateLimiter(rate) : null,
    log: {
      info: (message) => app.log.info(message),
      warn: (message) => app.log.warn(message),
      error: (message) => app.log.error(message),
    },
  };
  return createApiHandler(api);
};
