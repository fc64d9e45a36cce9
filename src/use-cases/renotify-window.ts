/**
 * How long an entry is offered to the notification queue again by later evaluations of its change (its
 * delivery claims keep it to one notification each): a notification whose claim was given back (it finally
 * failed, or a stop handed it back) is sent by such an evaluation within this window of its entry.
 */
export const RENOTIFY_WINDOW_MS = 10 * 60_000;
