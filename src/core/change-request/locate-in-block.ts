import { LineCounter, parseDocument } from 'yaml';
import { locateYamlPath } from '../validation/locate-yaml-path.ts';
import type { YamlSource } from '../validation/parse-yaml-safely.ts';
import type { Position } from '../validation/yaml-position.ts';
import type { ChangeBlock } from './change.ts';

/** Positions already found, per block object (parseChange hands out the same frozen block for the same body). */
const found = new WeakMap<ChangeBlock, Map<string, Readonly<Position>>>();
/** The last block's source map: the criteria of one evaluation locate several paths in the same block. */
let lastSource: YamlSource | null = null;

/**
 * Line and column inside a valid change block of a JSON path, for messages computed after parsing.
 * Re-reads the block's source map (blocks are at most 64 KiB and already known to parse) once for the paths
 * asked of it in a row, and remembers each answer with the block: an evaluation locates five or six paths,
 * and a change is evaluated again on every event about it.
 */
export function locateInBlock(
  block: ChangeBlock,
  options: { path: string; target: 'key' | 'value' },
): Position {
  const key = `${options.target} ${options.path}`;
  let positions = found.get(block);
  const known = positions?.get(key);
  if (known) return { ...known };
  if (lastSource?.text !== block.text) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(block.text, { lineCounter, version: '1.2', uniqueKeys: true });
    lastSource = { text: block.text, doc, lineCounter };
  }
  const position = locateYamlPath(lastSource, options);
  if (!positions) {
    positions = new Map();
    found.set(block, positions);
  }
  positions.set(key, Object.freeze({ ...position }));
  return position;
}
