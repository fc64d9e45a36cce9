import { createSigner } from '../core/history/create-signer.ts';
import { createVerifier } from '../core/history/create-verifier.ts';
import type { HistoryKeys } from '../use-cases/use-case-deps.ts';

export interface LoadHistoryKeysOptions {
  env: Record<string, string | undefined>;
  /** The GitHub App's private key as Probot reads it; the default signing key. */
  appPrivateKey: string | null;
}

const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g;

/**
 * `CHANGE_GATE_SIGNING_KEY` (PEM) selects a dedicated signing key instead of the app's own key;
 * `CHANGE_GATE_VERIFY_KEYS` (one or more public key PEMs) keeps entries signed by rotated keys readable.
 */
export const loadHistoryKeys = ({ env, appPrivateKey }: LoadHistoryKeysOptions): HistoryKeys => {
  const signingPem = env.CHANGE_GATE_SIGNING_KEY?.replace(/\\n/g, '\n') || appPrivateKey;
  if (!signingPem) {
    throw new Error('Change Gate needs a key to sign history: set PRIVATE_KEY (or CHANGE_GATE_SIGNING_KEY)');
  }
  const signer = createSigner(signingPem);
  const extra = (env.CHANGE_GATE_VERIFY_KEYS?.replace(/\\n/g, '\n').match(PEM_BLOCK) ?? []).map((pem) =>
    createVerifier(pem),
  );
  // The app key stays a verifier after a switch to a dedicated key: older entries were signed with it.
  const appVerifier = appPrivateKey && signingPem !== appPrivateKey ? [createSigner(appPrivateKey)] : [];
  return { signer, verifiers: [signer, ...appVerifier, ...extra] };
};
