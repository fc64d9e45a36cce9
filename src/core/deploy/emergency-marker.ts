/**
 * Evidence that a change is an emergency change, written where only our app can write: the summary of our
 * own check run on the change's head. Labels are outputs, never inputs (anyone who can triage can add
 * `change:emergency`), so the deploy gate exempts a change from a freeze window only on this marker.
 * User text in a summary is escaped (`<` becomes `&lt;`), so no change block can forge it.
 */
const MARKER = '<!-- change-gate:emergency -->';

export const emergencyMarker = (): string => MARKER;

/** Whether a run of ours says the change is an emergency change. */
export const carriesEmergencyMarker = (summary: string | null): boolean => (summary ?? '').includes(MARKER);
