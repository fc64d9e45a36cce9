/**
 * Sizes past which input is refused before any parsing. GitHub caps issue and pull request bodies at
 * 65,536 characters, so the body limit only bites on files fed to the CLI or on hostile payloads.
 */
export const INPUT_LIMITS = {
  /** Characters of a Markdown body (or file) scanned for the change block. */
  bodyChars: 1_048_576,
  /** Characters of one YAML block (change block or config file). */
  blockChars: 65_536,
  /** Alias expansions `yaml` may perform while building values: stops "billion laughs" documents. */
  aliasCount: 100,
  /** Problems reported per input; the rest are summarised in one line. */
  problems: 50,
} as const;
