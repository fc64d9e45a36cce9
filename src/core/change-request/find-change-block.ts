/** Where the change block sits in a body, before it is parsed. */
export interface FoundBlock {
  /** Text between the fences (or the whole body), line endings normalised to `\n`. */
  text: string;
  /** 1-based body line of the block's first content line. */
  startLine: number;
  /** False when the block is a bare YAML document rather than a fenced code block. */
  fenced: boolean;
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const HTML_COMMENT_START = /^ {0,3}<!--/;
const ROOT_KEY = /^ *(["']?)change_request\1[ \t]*:(?:[ \t]|$)/;

interface OpenFence {
  char: string;
  length: number;
  indent: number;
  isYaml: boolean;
  startLine: number;
  lines: string[];
}

/**
 * Finds the change block in a Markdown body: the first fenced `yaml`/`yml` code block (backticks or
 * tildes, three or more, indented up to three spaces, as CommonMark reads them) whose root key is
 * `change_request`. Fences inside other code blocks or HTML comments are not code blocks, as GitHub
 * renders them. Without such a block, a body that is itself a YAML document rooted at `change_request`
 * is the block. One pass over the lines: linear in the body's length.
 */
export function findChangeBlock(body: string): FoundBlock | null {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  let fence: OpenFence | null = null;
  let inComment = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (fence) {
      const closing = CLOSING_FENCE.exec(line);
      if (closing && closing[1]![0] === fence.char && closing[1]!.length >= fence.length) {
        if (fence.isYaml && hasChangeRoot(fence.lines)) return fencedBlock(fence);
        fence = null;
      } else if (fence.isYaml) {
        fence.lines.push(stripIndent(line, fence.indent));
      }
      continue;
    }
    if (inComment) {
      inComment = !line.includes('-->');
      continue;
    }
    if (HTML_COMMENT_START.test(line)) {
      inComment = !line.slice(line.indexOf('<!--') + 4).includes('-->');
      continue;
    }
    const opening = OPENING_FENCE.exec(line);
    if (!opening) continue;
    const marker = opening[2]!;
    const info = opening[3]!;
    // CommonMark: a backtick fence's info string may not contain backticks (that is inline code).
    if (marker[0] === '`' && info.includes('`')) continue;
    const language = info.trim().split(/\s+/)[0]!.toLowerCase();
    fence = {
      char: marker[0]!,
      length: marker.length,
      indent: opening[1]!.length,
      isYaml: language === 'yaml' || language === 'yml',
      startLine: index + 2,
      lines: [],
    };
  }
  // CommonMark: an unclosed fence runs to the end of the document.
  if (fence?.isYaml && hasChangeRoot(fence.lines)) return fencedBlock(fence);
  if (hasChangeRoot(lines)) return { text: lines.join('\n'), startLine: 1, fenced: false };
  return null;
}

function fencedBlock(fence: OpenFence): FoundBlock {
  return { text: fence.lines.join('\n'), startLine: fence.startLine, fenced: true };
}

function stripIndent(line: string, indent: number): string {
  let strip = 0;
  while (strip < indent && line[strip] === ' ') strip++;
  return line.slice(strip);
}

/** True when the first line that is not blank, a comment, a directive or `---` opens `change_request:`. */
function hasChangeRoot(lines: string[]): boolean {
  for (const line of lines) {
    if (/^[ \t]*(#.*)?$/.test(line) || line.startsWith('%') || /^---([ \t].*)?$/.test(line)) continue;
    return ROOT_KEY.test(line.replace(/^\uFEFF/, ''));
  }
  return false;
}
