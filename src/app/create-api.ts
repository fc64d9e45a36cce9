import type { Probot } from 'probot';
import type { ApiContext } from '../api/api-context.ts';
import { createAuthenticator } from '../api/auth/authenticate.ts';
import { createOidcVerifier, GITHUB_ACTIONS_ISSUER } from '../api/auth/oidc-verifier.ts';
import { createUserTokenIdentity } from '../api/auth/user-token-identity.ts';
import { createUserTokenRepositoryAccess } from '../api/auth/user-token-repository-access.ts';
import { createApiHandler } from '../api/create-api-handler.ts';
import {
  createMemoryRateLimiter,
  parseRateLimit,
  type RateLimit,
  type RateLimiter,
} from '../api/http/rate-limiter.ts';
import { createRedisRateLimiter } from '../redis/redis-rate-limiter.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';
import type { AppDeps } from './app-deps.ts';
import { createRepositoryClients } from './repository-clients.ts';
import { type SharedRedis, sharedRedis } from './shared-redis.ts';

/** GitHub's REST API root as Probot reads it: GHES when `GHE_HOST` is set (`GHE_PROTOCOL`, default https). */
export const githubApiUrl = (env: Record<string, string | undefined>): string =>
  env.GHE_HOST ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/api/v3` : 'https://api.github.com';

/**
 * The issuer of the Actions OIDC tokens the REST API accepts: `CHANGE_GATE_OIDC_ISSUER`, else GHES's own when
 * `GHE_HOST` is set (`<protocol>://<host>/_services/token`), else GitHub Actions' on github.com.
 */
export const oidcIssuer = (env: Record<string, string | undefined>): string =>
  (
    env.CHANGE_GATE_OIDC_ISSUER?.trim() ||
    (env.GHE_HOST
      ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/_services/token`
      : GITHUB_ACTIONS_ISSUER)
  ).replace(/\/$/, '');

/**
 * The REST API's handler for the app's HTTP server, configured from the environment:
 * `CHANGE_GATE_OIDC_ISSUER` (default: see oidcIssuer), `CHANGE_GATE_OIDC_JWKS_URL` (default
 * `<issuer>/.well-known/jwks`), `CHANGE_GATE_OIDC_AUDIENCE` (default `change-gate`),
 * `CHANGE_GATE_API_RATE_LIMIT` (default `120/1m` per caller, or `off`), counted in Redis with `REDIS_URL`.
 */
export const createApi = (
  app: Probot,
  deps: AppDeps,
  options: {
    env?: Record<string, string | undefined>;
    /** The process's connection (shared with the replicas' locks); else one from `env`. */
    redis?: SharedRedis | undefined;
  } = {},
) => {
  const env = options.env ?? process.env;
  const issuer = oidcIssuer(env);
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
    limiter: rate ? createRateLimiter(rate, options.redis ?? sharedRedis(env), app.log) : null,
    log: {
      info: (message) => app.log.info(message),
      warn: (message) => app.log.warn(message),
      error: (message) => app.log.error(message),
    },
  };
  return createApiHandler(api);
};

/**
 * With `REDIS_URL`, one budget per caller for all the replicas (this process's own windows while Redis is
 * unreachable); without it, this process's.
 */
const createRateLimiter = (
  limit: RateLimit,
  redis: SharedRedis,
  log: Pick<UseCaseLog, 'info' | 'warn'>,
): RateLimiter => {
  const local = createMemoryRateLimiter(limit);
  const connection = redis.connect(log);
  return connection ? createRedisRateLimiter({ redis: connection, limit, fallback: local }) : local;
};
