/**
 * The suffix rule: a change type is the configured type it equals, else the longest configured type it
 * starts with followed by `_` (`security_enhancement` → `security`). Case is ignored; the configured
 * spelling is returned. A value no configured type covers is returned as written (completeness flags it).
 */
export function normaliseChangeType(value: string, changeTypes: readonly string[]): string {
  const lower = value.toLowerCase();
  let best: string | null = null;
  for (const type of changeTypes) {
    const candidate = type.toLowerCase();
    if (candidate === lower) return type;
    if (lower.startsWith(`${candidate}_`) && (best === null || type.length > best.length)) best = type;
  }
  return best ?? value;
}
