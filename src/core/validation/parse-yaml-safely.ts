import { CST, type Document, isAlias, Lexer, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import { INPUT_LIMITS } from './input-limits.ts';
import type { Problem } from './problem.ts';
import { positionAt } from './yaml-position.ts';

/** A parsed YAML text kept with its source map, so later problems can point at lines. */
export interface YamlSource {
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export type YamlParse =
  | { status: 'ok'; value: unknown; source: YamlSource }
  | { status: 'error'; problems: Problem[] };

// Lexer tokens that mark structure but consume no source characters.
const MARKER_TOKENS = new Set(['doc-mode', 'flow-error-end', 'scalar']);

/**
 * Parses user-written YAML without trusting it: YAML 1.2 core schema (no timestamps, `on`/`yes` stay
 * strings), no tags at all (`!foo`, `!!binary`: error at the tag), duplicate keys rejected, one
 * document only, alias expansion capped (a "billion laughs" document fails fast), size capped.
 * Every problem carries the line and column inside `text`; nothing here throws on bad input.
 */
export function parseYamlSafely(text: string, options: { maxChars?: number } = {}): YamlParse {
  const maxChars = options.maxChars ?? INPUT_LIMITS.blockChars;
  if (text.length > maxChars) {
    return fail([
      problemAt(
        { line: 1, column: 1 },
        `YAML is ${text.length.toLocaleString('en')} characters; at most ${maxChars.toLocaleString('en')} are read. Shorten it.`,
      ),
    ]);
  }
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseYaml(text, lineCounter);
  } catch (error) {
    // `yaml` reports its own failures as document errors; anything thrown is a bug there, not a reason to crash.
    return fail([problemAt({ line: 1, column: 1 }, `YAML could not be read: ${tooDeep(String(error))}`)]);
  }
  const problems = tagProblems(text, lineCounter);
  for (const error of [...doc.errors, ...doc.warnings]) {
    if (error.code === 'TAG_RESOLVE_FAILED') continue; // reported by tagProblems, at the tag
    problems.push(problemAt(positionAt(lineCounter, errorOffset(doc, error)), yamlErrorMessage(error, text)));
  }
  if (problems.length > 0) return fail(sortProblems(problems));
  try {
    const value = doc.toJS({ maxAliasCount: INPUT_LIMITS.aliasCount });
    return { status: 'ok', value, source: { text, doc, lineCounter } };
  } catch (error) {
    const alias = firstAliasOffset(doc);
    const where = alias === null ? { line: 1, column: 1 } : positionAt(lineCounter, alias);
    const reason = error instanceof Error ? error.message : String(error);
    return fail([
      problemAt(
        where,
        /alias/i.test(reason)
          ? `aliases expand to too many values (more than ${INPUT_LIMITS.aliasCount}): a YAML bomb is refused. Write the values out instead of using *aliases.`
          : `YAML could not be read: ${reason}`,
      ),
    ]);
  }
}

function parseYaml(text: string, lineCounter: LineCounter): Document.Parsed {
  return parseDocument(text, {
    lineCounter,
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    strict: true,
    prettyErrors: false,
  });
}

/** The parser recurses per nesting level; a hostile document exhausts the stack. Say so in words. */
function tooDeep(message: string): string {
  return /call stack|stack overflow/i.test(message)
    ? 'the YAML nests too deeply; a change request or config needs only a few levels'
    : message;
}

function tagProblems(text: string, lineCounter: LineCounter): Problem[] {
  // Every tag starts with "!" (`!x`, `!!str`, `!<…>`): a text without one has none, and is not lexed again
  // (about a millisecond of a cold gate's start, most change blocks and configs having none).
  if (!text.includes('!')) return [];
  // The lexer sees tags exactly where they are written; the document model only knows the tagged node.
  const problems: Problem[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'tag' && problems.length < INPUT_LIMITS.problems) {
      problems.push(
        problemAt(
          positionAt(lineCounter, offset),
          `tags are not allowed: ${JSON.stringify(token.slice(0, 40))}; write a plain value (quote it if it starts with "!")`,
        ),
      );
    }
    if (type === null || !MARKER_TOKENS.has(type)) offset += token.length;
  }
  return problems;
}

function firstAliasOffset(doc: Document.Parsed): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** Where to point for an error: an unclosed quote is reported where the text ends; point at where it opens. */
function errorOffset(doc: Document.Parsed, error: YAMLError): number {
  if (error.code !== 'MISSING_CHAR' || !/quote/.test(error.message)) return error.pos[0];
  let opening = error.pos[0];
  visit(doc, {
    Scalar(_key, node) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && node.range && node.range[1] >= error.pos[0] && node.range[0] < opening)
        opening = node.range[0];
    },
  });
  return opening;
}

function yamlErrorMessage(error: YAMLError, text: string): string {
  if (error.code === 'DUPLICATE_KEY') {
    const key = text
      .slice(error.pos[0], error.pos[0] + 200)
      .split(/[:\n]/)[0]!
      .trim()
      .slice(0, 60);
    return `duplicate key ${JSON.stringify(key)}: a key may appear only once in a mapping`;
  }
  if (error.code === 'MULTIPLE_DOCS')
    return 'only one YAML document is allowed here; remove the `---` separator';
  if (error.code === 'MISSING_CHAR' && /quote/.test(error.message)) {
    return 'YAML syntax error: this quoted value is never closed; add the closing quote';
  }
  return `YAML syntax error: ${tooDeep(error.message)}`;
}

function problemAt(position: { line: number; column: number }, message: string): Problem {
  return { message, line: position.line, column: position.column, severity: 'error' };
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function fail(problems: Problem[]): YamlParse {
  return { status: 'error', problems };
}
