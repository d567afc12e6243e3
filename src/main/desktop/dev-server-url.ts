/**
 * The renderer's development server URL, which electron-vite passes in `ELECTRON_RENDERER_URL` while
 * developing. A packaged app never honours it: anyone able to set the variable could otherwise load a
 * page of their choosing into the trusted window, with the IPC bridge and a relaxed CSP.
 */
export function rendererDevServerUrl(
  env: Readonly<Record<string, string | undefined>>,
  isPackaged: boolean,
): string | undefined {
  if (isPackaged) return undefined;
  const url = env['ELECTRON_RENDERER_URL'];
  return url === undefined || url === '' ? undefined : url;
}
