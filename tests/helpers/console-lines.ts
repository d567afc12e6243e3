/** Reads the console URL and token from what `serve` printed at start. */
export function consoleLines(stdout: string): { url: string; token: string } {
  const url = /^ {2}console: +(\S+)$/m.exec(stdout)?.[1];
  const token = /^ {2}console token: +(\S+)$/m.exec(stdout)?.[1];
  if (!url || !token) throw new Error(`serve did not print the console URL and token:\n${stdout}`);
  return { url, token };
}
