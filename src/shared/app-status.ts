/** What the desktop window is told about the running service. */
export interface AppStatus {
  readonly endpoint: string;
  readonly accountId: string;
  readonly region: string;
}
