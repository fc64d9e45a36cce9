import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { YamlSource } from './parse-yaml-safely.ts';
import { type Position, positionAt } from './yaml-position.ts';

/**
 * Where a JSON path (`/change_request/priority`, `/a/0`) sits in the YAML it was parsed from.
 * `key` points at a mapping key, `value` at the value when it is a scalar (a collection or an empty
 * value points at its key, the line a reader looks for). A path that leaves the document (a missing
 * property) points at the deepest key that exists: the parent mapping's key line.
 */
export function locateYamlPath(
  source: YamlSource,
  options: { path: string; target: 'key' | 'value' },
): Position {
  const segments = options.path.split('/').slice(1).map(unescapePointer);
  let node: unknown = source.doc.contents;
  let lastPair: Pair | null = null;
  let lastItem: Node | null = null;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === segment);
      if (!pair) break;
      if (last && options.target === 'key') return nodeStart(source, pair.key) ?? fallback(source, lastPair);
      lastPair = pair;
      lastItem = null;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (!item || !/^\d+$/.test(segment)) break;
      lastItem = item as Node;
      node = item;
    } else {
      break;
    }
    if (last) {
      if (lastItem) return nodeStart(source, lastItem) ?? fallback(source, lastPair);
      if (isScalar(node) && !isEmptyScalar(node))
        return nodeStart(source, node) ?? fallback(source, lastPair);
      return fallback(source, lastPair);
    }
  }
  return fallback(source, lastPair);
}

function fallback(source: YamlSource, pair: Pair | null): Position {
  return (pair && nodeStart(source, pair.key)) ?? firstContent(source);
}

function firstContent(source: YamlSource): Position {
  const range = (source.doc.contents as Node | null)?.range;
  return range ? positionAt(source.lineCounter, range[0]) : { line: 1, column: 1 };
}

function nodeStart(source: YamlSource, node: unknown): Position | null {
  const range = (node as Node | null)?.range;
  return range ? positionAt(source.lineCounter, range[0]) : null;
}

/** `key:` with nothing after it parses as a null scalar of zero width, placed at the end of the line. */
function isEmptyScalar(node: Node): boolean {
  return node.range !== undefined && node.range !== null && node.range[0] === node.range[1];
}

function keyText(key: unknown): string | null {
  return isScalar(key) ? String(key.value) : null;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
