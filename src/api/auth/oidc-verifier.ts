import type { JWTVerifyGetKey } from 'jose';
import { ApiProblem } from '../http/api-problem.ts';
import type { Caller } from './caller.ts';

/** GitHub Actions' OIDC issuer on github.com; GHES has its own (`https://HOST/_services/token`). */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

export interface OidcSettings {
  issuer: string;
  /** Where the issuer's signing keys are: `<issuer>/.well-known/jwks` unless told. */
  jwksUrl: string;
  /** The audience the token must be minted for (`core.getIDToken(audience)`). */
  audience: string;
}

/**
 * Verifies a GitHub Actions OIDC token with `jose` against the issuer's JWKS (fetched and cached by jose, and
 * fetched again for a key id it does not know): RS256 signature, `iss`, `aud`, `exp` (and `nbf`), then a
 * `repository` claim. Anything else is 401 with the reason.
 */
export const createOidcVerifier = (settings: OidcSettings) => {
  // jose is loaded by the first OIDC call: the webhook path never needs it, and the app's process stays smaller.
  let loaded: Promise<{ jose: typeof import('jose'); jwks: JWTVerifyGetKey }> | undefined;
  const load = () => {
    loaded ??= import('jose').then((jose) => ({
      jose,
      jwks: jose.createRemoteJWKSet(new URL(settings.jwksUrl), {
        timeoutDuration: 10_000,
        cooldownDuration: 30_000,
      }),
    }));
    return loaded;
  };
  return async (token: string): Promise<Extract<Caller, { kind: 'oidc' }>> => {
    const { jose, jwks } = await load();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jose.jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['RS256'],
        clockTolerance: 5,
      }));
    } catch (error) {
      throw new ApiProblem('unauthorized', `the OIDC token is not accepted: ${reason(error, jose.errors)}`, {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    const repository = payload.repository;
    if (typeof repository !== 'string' || !repository.includes('/')) {
      throw new ApiProblem('unauthorized', 'the OIDC token has no `repository` claim');
    }
    const text = (name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : null);
    return {
      kind: 'oidc',
      repository,
      environment: text('environment'),
      actor: text('actor'),
      subject: text('sub') ?? '',
    };
  };
};

const reason = (error: unknown, errors: typeof import('jose').errors): string => {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWKSNoMatchingKey) return 'it is signed by a key the issuer does not publish';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim ${error.claim} is wrong (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof errors.JWKSTimeout) return "the issuer's keys could not be fetched in time";
  return error instanceof Error ? error.message : String(error);
};
