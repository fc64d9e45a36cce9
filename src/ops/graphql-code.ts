/**
 * The document of a GraphQL request, with its strings, block strings and comments blanked out (what is left is
 * the operations and fields): `POST /graphql` (or GHES's `/api/graphql`) with a string query; else null.
 */
export const graphqlCode = (options: { method?: unknown; url?: unknown; query?: unknown }): string | null => {
  if (options.method !== 'POST' || typeof options.url !== 'string' || typeof options.query !== 'string')
    return null;
  const path = new URL(options.url, 'http://github.invalid').pathname;
  if (path !== '/graphql' && path !== '/api/graphql') return null;
  return options.query.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, ' ');
};
