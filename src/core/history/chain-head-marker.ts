/** The newest entry of a change's history as the app last recorded it, where only the app can write. */
export interface ChainHead {
  /** `entryHash` of the newest entry; null when the history was empty. */
  hash: string | null;
  /** How many entries the history held then. */
  count: number;
}

/**
 * A hidden line naming the newest history entry of one change, `owner/repo#number`:
 *
 *     <!-- change-gate:chain-head acme/web#12 sha256:<hex> 3 -->
 *
 * It goes where only the app can write (its check run's summary; for issues, which have no check run, its
 * status comment), so that deleting the newest entries, which leaves no gap in the chain, still shows. The
 * change is named because one check run may speak for several pull requests. (Not `change-gate:history…`:
 * readers take that prefix for an entry.)
 */
export const CHAIN_HEAD_PREFIX = '<!-- change-gate:chain-head';
const MARKER =
  /<!-- change-gate:chain-head ([A-Za-z0-9._-]+\/[A-Za-z0-9._-]+#\d{1,9}) (none|sha256:[0-9a-f]{64}) (\d{1,9}) -->/g;

export const chainHeadMarker = (change: string, head: ChainHead): string =>
  `${CHAIN_HEAD_PREFIX} ${change} ${head.hash ?? 'none'} ${head.count} -->`;

/**
 * The last marker for `change` (`owner/repo#number`, case-insensitive) in `text`; else the last one for the
 * same number under another repository name (written before the repository was renamed or transferred: the
 * marker sits where only the app writes, in this repository's own check run or on this change); null when
 * there is none.
 */
export const readChainHead = (text: string | null, change: string): ChainHead | null => {
  let found: ChainHead | null = null;
  let renamed: ChainHead | null = null;
  const number = change.slice(change.lastIndexOf('#'));
  for (const match of (text ?? '').matchAll(MARKER)) {
    const head = { hash: match[2] === 'none' ? null : match[2]!, count: Number(match[3]) };
    if (match[1]!.toLowerCase() === change.toLowerCase()) found = head;
    else if (match[1]!.endsWith(number)) renamed = head;
  }
  return found ?? renamed;
};
