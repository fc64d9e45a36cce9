import picomatch from 'picomatch';

/**
 * The owners CODEOWNERS gives PATH: the last matching line wins, as on GitHub. Patterns follow
 * gitignore rules as GitHub reads them: a leading `/` anchors at the root, a pattern without a `/`
 * (other than a trailing one) matches at any depth, a trailing `/` (or a directory) covers everything under it.
 */
export function codeownersOf(text: string, path: string): string[] {
  let owners: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const [pattern, ...rest] = line.split(/\s+/);
    if (pattern === undefined || pattern.length > 1_000) continue;
    if (matches(pattern, path)) owners = rest;
  }
  return owners;
}

function matches(pattern: string, path: string): boolean {
  const directoryOnly = pattern.endsWith('/');
  let body = pattern.replace(/\/+$/, '');
  const anchored = body.startsWith('/') || body.includes('/');
  body = body.replace(/^\/+/, '');
  if (body === '') return false;
  const base = anchored ? body : `**/${body}`;
  const globs = directoryOnly ? [`${base}/**`] : [base, `${base}/**`];
  return picomatch(globs, { dot: true, windows: false })(path);
}
