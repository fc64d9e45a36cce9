import { graphqlCode } from './graphql-code.ts';

/** The mutations that create content as GitHub's secondary limits count it (comments, issues, discussions). */
const CONTENT_MUTATIONS = /\b(addComment|createIssue|addDiscussionComment|createDiscussion)\s*\(/;

/**
 * Whether a request is a GraphQL mutation that creates content (a comment, an issue): such a document is
 * paced as REST's content-creating POSTs are (the throttle's `notifications` group), which
 * @octokit/plugin-throttling decides by the URL alone, and so never does for GraphQL.
 */
export const graphqlCreatesContent = (options: {
  method?: unknown;
  url?: unknown;
  query?: unknown;
}): boolean => {
  const code = graphqlCode(options);
  return code !== null && /\bmutation\b/.test(code) && CONTENT_MUTATIONS.test(code);
};
