/**
 * Whether a request is a GraphQL document that only reads: `POST /graphql` (or GHES's `/api/graphql`) whose
 * query holds no `mutation` or `subscription` operation. Anything unclear counts as a write, which only costs
 * the write pacing: a document is a read when, comments and strings aside, it starts with `query` or `{`.
 */
export const isReadOnlyGraphql = (options: { method?: unknown; url?: unknown; query?: unknown }): boolean => {
  if (options.method !== 'POST' || typeof options.url !== 'string') return false;
  const path = new URL(options.url, 'http://github.invalid').pathname;
  if (path !== '/graphql' && path !== '/api/graphql') return false;
  if (typeof options.query !== 'string') return false;
  const code = options.query.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, ' ');
  if (/\b(mutation|subscription)\b/.test(code)) return false;
  return /^\s*(query\b|\{)/.test(code);
};
