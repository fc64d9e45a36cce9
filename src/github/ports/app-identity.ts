/** Who the app is on GitHub: only its own check runs and bot comments are trusted. */
export interface AppIdentity {
  id: number;
  slug: string;
  /** Login of the app's bot account as REST and webhooks spell it. */
  botLogin: string;
}
