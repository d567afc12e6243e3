/** What the desktop window is told about the running service. */
export interface AppStatus {
  readonly endpoint: string;
  readonly accountId: string;
  readonly region: string;
  /** `desktop` inside Electron, `console` when the page is served by `serve`. */
  readonly mode?: 'desktop' | 'console';
  /** Where the database and assets live. */
  readonly dataDir?: string;
}
