/** The first line of an issue's status comment, by which it is found among the app's own comments. */
export const STATUS_COMMENT_MARKER = '<!-- change-gate:status -->';
