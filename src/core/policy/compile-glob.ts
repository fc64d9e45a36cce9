/** Longer patterns or paths never match: GitHub paths are far shorter, and this bounds the work. */
export const MAX_GLOB_CHARS = 1_000;
export const MAX_PATH_CHARS = 4_096;

type Token =
  | { kind: 'char'; char: string }
  | { kind: 'one' } // ?  one character other than /
  | { kind: 'star' } // *  any run of characters other than /
  | { kind: 'globstar' } // ** any run of characters, / included
  | { kind: 'dirs' }; // **/ zero or more whole directories

/**
 * Compiles a path glob: `*` (within one path segment), `**` (across segments; `**` followed by `/`
 * matches zero or more directories, so `docs/**` + `/*.md` also matches `docs/a.md`), `?` (one
 * character, not `/`). A leading `/` or `../approval/` is ignored; a trailing `/` means everything below. Matching
 * simulates the pattern as a set of states over the path, O(pattern × path): no backtracking, so no
 * pattern or path can make it slow.
 */
export function compileGlob(pattern: string): (path: string) => boolean {
  if (typeof pattern !== 'string' || pattern.length > MAX_GLOB_CHARS) return () => false;
  let source = pattern.replace(/^\.?\//, '');
  if (source.endsWith('/')) source += '**';
  const tokens = tokenize(source);
  return (path) =>
    typeof path === 'string' && path.length <= MAX_PATH_CHARS && run(tokens, path.replace(/^\.?\//, ''));
}

function tokenize(pattern: string): Token[] {
  const source = [...pattern]; // code points, as the path is read
  const tokens: Token[] = [];
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '?') tokens.push({ kind: 'one' });
    else if (char !== '*') tokens.push({ kind: 'char', char });
    else if (source[i + 1] !== '*') tokens.push({ kind: 'star' });
    else {
      while (source[i + 1] === '*') i++;
      if (source[i + 1] === '/') {
        i++;
        tokens.push({ kind: 'dirs' });
      } else tokens.push({ kind: 'globstar' });
    }
  }
  return tokens;
}

function run(tokens: Token[], path: string): boolean {
  const start = new Uint8Array(tokens.length + 1);
  start[0] = 1;
  let states = closure(tokens, start);
  for (const char of path) {
    const next = new Uint8Array(tokens.length + 1);
    let any = false;
    for (let state = 0; state < tokens.length; state++) {
      if (!states[state]) continue;
      const token = tokens[state]!;
      const advance =
        (token.kind === 'char' && token.char === char) ||
        (token.kind === 'one' && char !== '/') ||
        (token.kind === 'dirs' && char === '/');
      const stay =
        (token.kind === 'star' && char !== '/') || token.kind === 'globstar' || token.kind === 'dirs';
      if (advance) next[state + 1] = 1;
      if (stay) next[state] = 1;
      any ||= advance || stay;
    }
    if (!any) return false;
    states = closure(tokens, next);
  }
  return states[tokens.length] === 1;
}

/** Star-like tokens may match nothing: their state also stands for the state after them. */
function closure(tokens: Token[], states: Uint8Array): Uint8Array {
  for (let state = 0; state < tokens.length; state++) {
    const kind = tokens[state]!.kind;
    if (states[state] && (kind === 'star' || kind === 'globstar' || kind === 'dirs')) states[state + 1] = 1;
  }
  return states;
}
