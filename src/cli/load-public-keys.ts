import { createVerifier, type HistoryVerifier } from '../core/history/create-verifier.ts';
import { errorMessage } from '../github/ports/error-message.ts';

/** One verifier per `--public-key FILE`; the first file that cannot be read or is not a key is named instead. */
export function loadPublicKeys(
  paths: readonly string[],
  readFile: (path: string) => string,
): { verifiers: HistoryVerifier[] } | { error: string } {
  const verifiers: HistoryVerifier[] = [];
  for (const path of paths) {
    try {
      verifiers.push(createVerifier(readFile(path)));
    } catch (error) {
      return { error: `--public-key ${path}: ${errorMessage(error)}` };
    }
  }
  return { verifiers };
}
