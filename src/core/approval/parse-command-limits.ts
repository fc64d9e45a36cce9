/** GitHub refuses comments longer than this; anything beyond it is not ours to read. */
export const MAX_COMMENT_CHARS = 65_536;
export const MAX_CONDITIONS = 20;
export const MAX_CONDITION_CHARS = 500;
export const MAX_COMMENT_TEXT_CHARS = 2_000;
