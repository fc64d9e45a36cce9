import { canonicalJson } from './canonical-json.ts';
import type { SignedEntry } from './history-entry.ts';

/**
 * The hidden line that carries a signed entry in a comment:
 *
 *     <!-- change-gate:history v1 <base64url of the canonical JSON of the SignedEntry> -->
 *
 * An HTML comment is not rendered by GitHub's Markdown and is kept verbatim in the stored body; base64url
 * (A–Z a–z 0–9 - _) can never spell `-->`, so no data string can end the comment early or inject markup.
 */
export const HISTORY_MARKER_PREFIX = '<!-- change-gate:history';
export const HISTORY_MARKER_VERSION = 'v1';
/** Longest payload a reader decodes: GitHub caps a comment body at 65,536 characters anyway. */
export const MAX_MARKER_PAYLOAD = 65_536;

export const historyMarker = (signed: SignedEntry): string =>
  `${HISTORY_MARKER_PREFIX} ${HISTORY_MARKER_VERSION} ${Buffer.from(canonicalJson(signed), 'utf8').toString('base64url')} -->`;
