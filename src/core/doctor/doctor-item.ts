export type DoctorItemId =
  | 'config'
  | 'required-check'
  | 'config-protected'
  | 'deploy-gate'
  | 'app-permissions';

/** One thing the procedure needs: `ok` true (in place), false (missing: `fix` says what to do), null (could not be checked). */
export interface DoctorItem {
  id: DoctorItemId;
  ok: boolean | null;
  /** What was found, in one sentence. */
  detail: string;
  /** What to do when the item is missing or could not be checked. */
  fix: string | null;
}

export function present(id: DoctorItemId, detail: string): DoctorItem {
  return { id, ok: true, detail, fix: null };
}

export function missing(id: DoctorItemId, detail: string, fix: string): DoctorItem {
  return { id, ok: false, detail, fix };
}

export function unknown(id: DoctorItemId, detail: string, fix: string | null = null): DoctorItem {
  return { id, ok: null, detail, fix };
}
