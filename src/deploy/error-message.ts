/** An error as one line of a refusal: GitHub's message, never a stack, never unbounded. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 2000);
}
