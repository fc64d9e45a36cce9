import { rememberedByText } from '../text/remembered-by-text.ts';
import { deepFreeze } from '../validation/deep-freeze.ts';
import type { SignedEntry } from './history-entry.ts';
import { HISTORY_MARKER_PREFIX, HISTORY_MARKER_VERSION, MAX_MARKER_PAYLOAD } from './history-marker.ts';
import { signedEntryProblem } from './signed-entry-problem.ts';

export type MarkerErrorKind =
  | 'multiple_markers'
  | 'unterminated'
  | 'bad_marker'
  | 'unknown_version'
  | 'too_large'
  | 'bad_base64'
  | 'bad_json'
  | 'unknown_event'
  | 'bad_shape';

/** A comment that carries a history marker whose payload cannot be read; `message` says where and why. */
export interface MalformedHistoryMarker {
  error: MarkerErrorKind;
  message: string;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const EXPECTED = `expected ${HISTORY_MARKER_PREFIX} ${HISTORY_MARKER_VERSION} <base64url> -->`;

const malformed = (error: MarkerErrorKind, message: string): MalformedHistoryMarker => ({ error, message });

type Decoded = { ok: true; value: unknown } | { ok: false; malformed: MalformedHistoryMarker };

const decode = (payload: string): Decoded => {
  if (payload.length === 0 || !BASE64URL.test(payload) || payload.length % 4 === 1) {
    return { ok: false, malformed: malformed('bad_base64', 'the history payload is not base64url') };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(payload, 'base64url'));
  } catch {
    return {
      ok: false,
      malformed: malformed('bad_base64', 'the history payload does not decode to UTF-8 text'),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, malformed: malformed('bad_json', `the history payload is not JSON: ${reason}`) };
  }
};

/** Most entries one comment is read for: an apply writes a handful; more is not the app's writing. */
export const MAX_ENTRIES_PER_COMMENT = 20;

/** The marker that starts at `start` in `body`, read: its signed entry, or why it cannot be read. */
const parseMarkerAt = (body: string, start: number): SignedEntry | MalformedHistoryMarker => {
  const end = body.indexOf('-->', start);
  if (end === -1) return malformed('unterminated', `the history marker is not closed by -->; ${EXPECTED}`);
  const inner = body.slice(start + HISTORY_MARKER_PREFIX.length, end);
  if (inner.length > MAX_MARKER_PAYLOAD + 16) {
    return malformed('too_large', `the history payload is over ${MAX_MARKER_PAYLOAD} characters`);
  }
  const match = /^ (v\d+) (\S*) $/.exec(inner);
  if (match === null) return malformed('bad_marker', EXPECTED);
  const [, version = '', payload = ''] = match;
  if (version !== HISTORY_MARKER_VERSION) {
    return malformed(
      'unknown_version',
      `history marker ${version} is not understood; this reader reads ${HISTORY_MARKER_VERSION}`,
    );
  }
  const decoded = decode(payload);
  if (!decoded.ok) return decoded.malformed;
  const problem = signedEntryProblem(decoded.value);
  if (problem !== null) {
    const kind = problem.path === '/entry/event' ? 'unknown_event' : 'bad_shape';
    return malformed(kind, `the history entry is malformed at ${problem.path}: ${problem.message}`);
  }
  return decoded.value as SignedEntry;
};

/**
 * Every history entry a comment body carries, in the order written: one per marker (an apply that records
 * several entries writes them in one comment, each signed and chained on its own). Empty when the body has
 * no marker (an ordinary comment); a marker that cannot be read is a `MalformedHistoryMarker` in its place,
 * and markers past MAX_ENTRIES_PER_COMMENT are one `multiple_markers`. Shape only: whether to believe an
 * entry is `readHistory`'s job (author, signature, chain). Never throws, whatever the body.
 */
export const parseHistoryEntries = (body: string): readonly (SignedEntry | MalformedHistoryMarker)[] => {
  if (typeof body !== 'string') return [];
  if (!body.includes(HISTORY_MARKER_PREFIX)) return [];
  return parsedBodies.of(body, () => deepFreeze(parseMarkers(body)));
};

/**
 * The bot's comments read last and their entries, frozen: every evaluation of a change reads all of its
 * history comments, and a burst of webhooks evaluates the same change again and again.
 */
const parsedBodies = rememberedByText<readonly (SignedEntry | MalformedHistoryMarker)[]>({
  maxTexts: 2_048,
  maxChars: 4_000_000,
});

const parseMarkers = (body: string): Array<SignedEntry | MalformedHistoryMarker> => {
  const parsed: Array<SignedEntry | MalformedHistoryMarker> = [];
  let start = body.indexOf(HISTORY_MARKER_PREFIX);
  while (start !== -1) {
    if (parsed.length === MAX_ENTRIES_PER_COMMENT) {
      parsed.push(
        malformed(
          'multiple_markers',
          `the comment carries more than ${MAX_ENTRIES_PER_COMMENT} history markers`,
        ),
      );
      break;
    }
    try {
      parsed.push(parseMarkerAt(body, start));
    } catch (error: unknown) {
      parsed.push(malformed('bad_json', `the history payload could not be read: ${String(error)}`));
    }
    start = body.indexOf(HISTORY_MARKER_PREFIX, start + HISTORY_MARKER_PREFIX.length);
  }
  return parsed;
};

/** Tells a malformed marker from a signed entry in `parseHistoryEntries`'s result. */
export const isMalformedMarker = (
  parsed: SignedEntry | MalformedHistoryMarker | null,
): parsed is MalformedHistoryMarker => parsed !== null && 'error' in parsed;
