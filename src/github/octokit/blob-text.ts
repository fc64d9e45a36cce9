/** A file GraphQL's `object(expression:)` answered, as the fields every query of it asks. */
export interface GqlBlob {
  __typename?: string;
  text?: string | null;
  isTruncated?: boolean;
  isBinary?: boolean;
}

/**
 * The file's text; null when absent; undefined when the answer cannot say (not asked, truncated, binary, not a
 * file): then the contents API reads it, as Probot's config plugin does.
 */
export const blobText = (blob: GqlBlob | null | undefined): string | null | undefined => {
  if (blob === undefined) return undefined;
  if (blob === null) return null;
  if (blob.__typename !== 'Blob' || blob.isTruncated || blob.isBinary || typeof blob.text !== 'string') {
    return undefined;
  }
  return blob.text;
};
