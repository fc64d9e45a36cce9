/** The 7-character form GitHub shows; anything that is not hex is replaced, as it is shown to people. */
export function shortSha(sha: string): string {
  const short = sha.slice(0, 7);
  return /^[0-9a-f]{1,7}$/i.test(short) ? short.toLowerCase() : '(unknown commit)';
}
