import { GraphQLError } from 'graphql';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const encode = (index: number): string => Buffer.from(`cursor:v2:${index}`).toString('base64');
const decode = (cursor: string, name: string): number => {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match)
    throw new GraphQLError(
      `\`${cursor}\` does not appear to be a valid cursor for the \`${name}\` connection.`,
    );
  return Number(match[1]);
};

/** A GitHub connection over `items`: `first`/`last` are required and capped at 100, cursors are opaque. */
export const connection = <T>(
  items: readonly T[],
  options: { args: ConnectionArgs; name: string; toNode: (item: T) => unknown },
) => {
  const { first, after, last, before } = options.args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw new GraphQLError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${options.name}\` connection.`,
    );
  }
  for (const [arg, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (typeof value === 'number' && (value < 0 || value > 100)) {
      throw new GraphQLError(
        `Requesting ${value} records on the \`${options.name}\` connection exceeds the \`${arg}\` limit of 100 records.`,
      );
    }
  }
  let start = after ? decode(after, options.name) + 1 : 0;
  let end = before ? decode(before, options.name) : items.length;
  if (typeof first === 'number') end = Math.min(end, start + first);
  if (typeof last === 'number') start = Math.max(start, end - last);
  start = Math.min(start, items.length);
  end = Math.max(start, Math.min(end, items.length));
  const slice = items.slice(start, end);
  const nodes = slice.map(options.toNode);
  return {
    totalCount: items.length,
    nodes,
    edges: nodes.map((node, i) => ({ cursor: encode(start + i), node })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length > 0 ? encode(start) : null,
      endCursor: slice.length > 0 ? encode(end - 1) : null,
    },
  };
};
