import { graphqlCode } from './graphql-code.ts';

/**
 * Whether a request is a GraphQL document that only reads: `POST /graphql` (or GHES's `/api/graphql`) whose
 * query holds no `mutation` or `subscription` operation. Anything unclear counts as a write, which only costs
 * the write pacing: a document is a read when, comments and strings aside, it starts with `query` or `{`.
 */
export const isReadOnlyGraphql = (options: { method?: unknown; url?: unknown; query?: unknown }): boolean => {
  const code = graphqlCode(options);
  if (code === null || /\b(mutation|subscription)\b/.test(code)) return false;
  return /^\s*(query\b|\{)/.test(code);
};
