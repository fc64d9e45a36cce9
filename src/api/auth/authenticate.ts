import type { RepoRef } from '../../github/ports/github-port.ts';
import { ApiProblem } from '../http/api-problem.ts';
import type { Caller } from './caller.ts';

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Bearer realm="change-gate"' };

/** A compact JWS: three base64url parts, the first a JSON header. Anything else is taken for a GitHub token. */
const looksLikeJwt = (token: string): boolean => /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(token);

/**
 * `Authorization: Bearer <token>` → the caller: a JWT goes to the OIDC verifier, any other token to GitHub
 * (`GET /user`). 401 without a bearer token. A user caller keeps a way to ask whether its own token can read a
 * repository (the routes that act ask before anything else).
 */
export const createAuthenticator = (options: {
  userLogin: (token: string) => Promise<string>;
  /** Whether a user token itself can read a repository (createUserTokenRepositoryAccess). */
  userSees: (token: string, repo: RepoRef) => Promise<boolean>;
  oidc: (token: string) => Promise<Extract<Caller, { kind: 'oidc' }>>;
}) => {
  return async (authorization: string | undefined): Promise<Caller> => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) {
      throw new ApiProblem(
        'unauthorized',
        authorization
          ? 'the Authorization header must be `Bearer <token>` (a GitHub user token or a GitHub Actions OIDC token)'
          : 'send `Authorization: Bearer <token>` with a GitHub user token or a GitHub Actions OIDC token',
        { headers: UNAUTHORIZED_HEADERS },
      );
    }
    const token = match[1]!;
    if (looksLikeJwt(token)) return options.oidc(token);
    return {
      kind: 'user',
      login: await options.userLogin(token),
      tokenSees: (repo) => options.userSees(token, repo),
    };
  };
};
