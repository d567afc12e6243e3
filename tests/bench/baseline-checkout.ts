/**
 * An earlier commit checked out beside this checkout, for bench rows that compare the two in one
 * run (`formats`, `readers`): a detached git worktree in a temporary folder, with its dependencies
 * installed from the npm cache when the row runs code that needs them; or, when the reference is
 * the folder of another checkout, that folder as it is.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The commit before the archive reader moved onto node-tar and yauzl (and multipart, XML after it). */
export const baselineRef = 'ee0a630^';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Checkout {
  readonly label: string;
  readonly root: string;
}

export interface PreparedCheckout {
  readonly checkout: Checkout;
  /** Removes the temporary worktree (nothing for a folder taken as it is). */
  remove(): Promise<void>;
}

export interface CheckoutOptions {
  /** Install the commit's dependencies (`npm ci`): needed when its code loads any package. */
  readonly install: boolean;
  /** Runs on the checkout before it is handed over (copy a workload script into it …). */
  readonly prepare?: (root: string) => Promise<void>;
}

/**
 * `ref` checked out: a commit (or anything `git rev-parse` names) in a temporary worktree, or the
 * folder of another checkout (with its node_modules when `install` is asked for) taken as it is.
 */
export async function prepareCheckout(ref: string, options: CheckoutOptions): Promise<PreparedCheckout> {
  if (existsSync(path.join(ref, options.install ? 'node_modules' : 'src'))) {
    const root = path.resolve(ref);
    await options.prepare?.(root);
    return { checkout: { label: root, root }, remove: async () => undefined };
  }
  const commit = (
    await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoRoot })
  ).stdout.trim();
  const parent = await mkdtemp(path.join(tmpdir(), 'artifact-desk-bench-baseline-'));
  const root = path.join(parent, 'checkout');
  await run('git', ['worktree', 'add', '--detach', root, commit], { cwd: repoRoot });
  const remove = async (): Promise<void> => {
    await run('git', ['worktree', 'remove', '--force', root], { cwd: repoRoot }).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
  };
  try {
    if (options.install) {
      console.log(`Installing the dependencies of ${ref} (${commit.slice(0, 10)}) in a temporary worktree …`);
      await run('npm', ['ci', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
      });
    }
    await options.prepare?.(root);
    return { checkout: { label: `${ref} (${commit.slice(0, 7)})`, root }, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * A comparing row's argument, `ROUNDS[,REF]`: the number of rounds (`defaultRounds` when empty) and
 * the reference (`baselineRef` when empty; undefined for `none`, this checkout alone).
 */
export function roundsAndRef(
  row: string,
  arg: string | undefined,
  defaultRounds: number,
): { rounds: number; ref: string | undefined } {
  const [roundsText = '', refText] = (arg ?? '').split(',');
  const rounds = roundsText === '' ? defaultRounds : Number(roundsText);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`${row} takes ROUNDS[,REF] (a number of rounds, a commit or 'none'), not '${arg}'`);
  }
  const ref =
    refText === undefined || refText === '' ? baselineRef : refText === 'none' ? undefined : refText;
  return { rounds, ref };
}
