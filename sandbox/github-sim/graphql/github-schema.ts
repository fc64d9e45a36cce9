import { readFileSync } from 'node:fs';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

let cached: GraphQLSchema | undefined;

/**
 * GitHub's public GraphQL schema from `@octokit/graphql-schema`, built once per process. The
 * introspection JSON is used rather than the SDL: the SDL file repeats a few fields and is slower.
 */
export const githubGraphQLSchema = (): GraphQLSchema => {
  if (!cached) {
    // The package exports only its entry point; schema.json sits next to it.
    const file = new URL('./schema.json', import.meta.resolve('@octokit/graphql-schema'));
    const json = JSON.parse(readFileSync(file, 'utf8')) as { data?: IntrospectionQuery } & IntrospectionQuery;
    cached = buildClientSchema(json.data ?? json);
  }
  return cached;
};
