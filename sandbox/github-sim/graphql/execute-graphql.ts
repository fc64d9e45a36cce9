import {
  type DocumentNode,
  execute,
  type GraphQLError,
  type GraphQLFieldResolver,
  getOperationAST,
  isNonNullType,
  parse,
  validate,
} from 'graphql';
import type { Auth } from '../http/route.ts';
import type { SimContext } from '../sim-context.ts';
import { githubGraphQLSchema } from './github-schema.ts';
import { createMutationRoot, ForbiddenError } from './mutation-root.ts';
import { createRootValue, NotFoundError } from './root-value.ts';

export interface GraphQLOutcome {
  status: number;
  body: { data?: unknown; errors?: unknown[] };
  operationName: string | undefined;
  /** Why the query is not one GitHub would accept (client's fault). */
  invalid: string | null;
  /** Fields the query needed that the simulator does not implement (simulator's fault). */
  unimplemented: string[];
}

const formatError = (error: GraphQLError) => ({
  ...(error.originalError instanceof NotFoundError ? { type: 'NOT_FOUND' } : {}),
  ...(error.originalError instanceof ForbiddenError ? { type: 'FORBIDDEN' } : {}),
  ...(error.path ? { path: error.path } : {}),
  ...(error.locations ? { locations: error.locations } : {}),
  message: error.message,
});

/**
 * Parses and validates against GitHub's real schema (GitHub answers 200 with `errors` to an invalid
 * query), then executes with the simulator's resolvers. A property missing from a resolver object is
 * null where the schema allows; a missing non-null field is an error naming it.
 */
export const executeGraphQL = async (
  ctx: SimContext,
  options: { auth: Auth; body: unknown },
): Promise<GraphQLOutcome> => {
  const request = (options.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  if (typeof request.query !== 'string') {
    return {
      status: 400,
      body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] },
      operationName,
      invalid: 'no query string',
      unimplemented: [],
    };
  }
  const schema = githubGraphQLSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const message = (error as GraphQLError).message;
    return {
      status: 200,
      body: { errors: [{ message }] },
      operationName,
      invalid: message,
      unimplemented: [],
    };
  }
  const name = operationName ?? getOperationAST(document)?.name?.value;
  const errors = validate(schema, document);
  if (errors.length > 0) {
    return {
      status: 200,
      body: { errors: errors.map(formatError) },
      operationName: name,
      invalid: errors.map((e) => e.message).join('; '),
      unimplemented: [],
    };
  }
  const unimplemented: string[] = [];
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
    const value = (source as Record<string, unknown> | null)?.[info.fieldName];
    if (typeof value === 'function') return value(args, context, info);
    if (value !== undefined) return value;
    if (isNonNullType(info.returnType)) {
      const field = `${info.parentType.name}.${info.fieldName}`;
      unimplemented.push(field);
      throw new Error(
        `github-sim does not implement the non-null field ${field}; add it to sandbox/github-sim/graphql/`,
      );
    }
    return null;
  };
  const result = await execute({
    schema,
    document,
    // Queries and mutations share the root: GitHub runs a document's mutations one after another, in order.
    rootValue: { ...createRootValue(ctx, options.auth), ...createMutationRoot(ctx, options.auth) },
    variableValues: (request.variables ?? {}) as Record<string, unknown>,
    ...(operationName ? { operationName } : {}),
    fieldResolver,
  });
  const rejected =
    result.data === undefined && result.errors ? result.errors.map((e) => e.message).join('; ') : null;
  return {
    status: 200,
    body: {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors ? { errors: result.errors.map(formatError) } : {}),
    },
    operationName: name,
    invalid: rejected,
    unimplemented,
  };
};
