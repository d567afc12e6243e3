/**
 * A stand-in for out/renderer in a temp folder: a page, a hashed script, an unhashed stylesheet, a
 * nested file, and — outside the folder — a secret file plus a symbolic link inside pointing at it,
 * for the traversal tests.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

export interface RendererBuild {
  readonly root: string;
  readonly rendererDir: string;
  readonly secret: string;
  readonly files: Readonly<Record<string, string>>;
  remove(): Promise<void>;
}

export async function makeRendererBuild(): Promise<RendererBuild> {
  const root = await makeTempDir('artifact-desk-renderer-');
  const rendererDir = join(root, 'renderer');
  const files: Record<string, string> = {
    'index.html':
      '<!doctype html><html><head><script type="module" src="./assets/index-Bq3xY9zA.js"></script></head><body><div id="root"></div></body></html>',
    'assets/index-Bq3xY9zA.js': 'console.log("app");',
    'assets/theme.css': 'body { color: black; }',
    'assets/logo-Xy12_ab9.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'fonts/inter.woff2': 'wOF2',
  };
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await mkdir(join(rendererDir, 'fonts'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(rendererDir, name), content);
  const secret = 'the secret outside the build';
  await writeFile(join(root, 'secret.txt'), secret);
  await symlink(join(root, 'secret.txt'), join(rendererDir, 'assets', 'linked.txt'));
  return { root, rendererDir, secret, files, remove: () => removeDir(root) };
}
