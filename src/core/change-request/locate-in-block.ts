import { LineCounter, parseDocument } from 'yaml';
import { locateYamlPath } from '../validation/locate-yaml-path.ts';
import type { Position } from '../validation/yaml-position.ts';
import type { ChangeBlock } from './change.ts';

/**
 * Line and column inside a valid change block of a JSON path, for messages computed after parsing.
 * Re-reads the block's source map (blocks are at most 64 KiB and already known to parse).
 */
export function locateInBlock(
  block: ChangeBlock,
  options: { path: string; target: 'key' | 'value' },
): Position {
  const lineCounter = new LineCounter();
  const doc = parseDocument(block.text, { lineCounter, version: '1.2', uniqueKeys: true });
  return locateYamlPath({ text: block.text, doc, lineCounter }, options);
}
