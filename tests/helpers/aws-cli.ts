/**
 * Runs the real AWS CLI (v1: the first `aws` on PATH; v2: /usr/bin/aws) against a local endpoint in
 * an isolated environment: a temp HOME and empty config/credentials files, so neither the machine's
 * profiles nor its instance metadata can influence (or be touched by) a test.
 */
import { execFile } from 'node:child_process';
import { access, constants, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, removeDir } from './temp-dir';

export type AwsCliMajor = 1 | 2;

export interface AwsCliTarget {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when the command succeeded and printed something. */
  json: unknown;
}

const v2Path = '/usr/bin/aws';

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function firstOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

interface RawRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RawRun> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let exitCode = 0;
        if (error) {
          const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
          exitCode = typeof code === 'number' ? code : -1;
          if (typeof code !== 'number') stderr = `${stderr}\n${error.message}`;
        }
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}

/** Environment with nothing of the machine's AWS setup and only what the CLI needs to run. */
function isolatedEnv(home: string, target: AwsCliTarget | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_')) env[key] = value;
  }
  env.HOME = home;
  env.AWS_CONFIG_FILE = path.join(home, 'aws-config');
  env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, 'aws-credentials');
  env.AWS_EC2_METADATA_DISABLED = 'true';
  env.AWS_PAGER = '';
  // One attempt: a failing server shows up at once instead of after several back-offs.
  env.AWS_MAX_ATTEMPTS = '1';
  env.AWS_RETRY_MODE = 'standard';
  if (target) {
    env.AWS_ACCESS_KEY_ID = target.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = target.secretAccessKey;
    env.AWS_DEFAULT_REGION = target.region;
    env.AWS_REGION = target.region;
  }
  return env;
}

async function withSandbox<T>(
  target: AwsCliTarget | undefined,
  body: (env: NodeJS.ProcessEnv) => Promise<T>,
): Promise<T> {
  const home = await makeTempDir('artifact-desk-aws-home-');
  try {
    const env = isolatedEnv(home, target);
    await writeFile(env.AWS_CONFIG_FILE as string, '');
    await writeFile(env.AWS_SHARED_CREDENTIALS_FILE as string, '');
    return await body(env);
  } finally {
    await removeDir(home);
  }
}

const resolved = new Map<AwsCliMajor, Promise<string>>();

/**
 * Path of the CLI of the given major version; throws a message that says what is missing, so a
 * machine without the client fails the suite rather than skipping it.
 */
export function awsCliPath(major: AwsCliMajor): Promise<string> {
  let found = resolved.get(major);
  if (!found) {
    found = (async () => {
      const file = major === 1 ? await firstOnPath('aws') : (await isExecutable(v2Path)) ? v2Path : undefined;
      if (!file) {
        throw new Error(
          major === 1
            ? 'AWS CLI v1 is required: no `aws` executable on PATH (install it with `pip install awscli`)'
            : `AWS CLI v2 is required at ${v2Path} (install the Debian package \`awscli\`)`,
        );
      }
      const version = await withSandbox(undefined, (env) => run(file, ['--version'], env, 30_000));
      const text = `${version.stdout}${version.stderr}`;
      if (!text.startsWith(`aws-cli/${major}.`)) {
        throw new Error(
          `${file} is not AWS CLI v${major}: \`aws --version\` printed ${JSON.stringify(text.trim())}`,
        );
      }
      return file;
    })();
    resolved.set(major, found);
  }
  return found;
}

/**
 * `aws <args> --endpoint-url <endpoint> --output json|text` with the target's credentials and region.
 * Never rejects for a failing command: tests look at exitCode and stderr.
 */
export async function runAwsCli(
  major: AwsCliMajor,
  args: string[],
  target: AwsCliTarget,
  options: { timeoutMs?: number; output?: 'json' | 'text' } = {},
): Promise<AwsCliResult> {
  const file = await awsCliPath(major);
  const output = options.output ?? 'json';
  const fullArgs = [...args, '--endpoint-url', target.endpoint, '--output', output];
  const result = await withSandbox(target, (env) => run(file, fullArgs, env, options.timeoutMs ?? 60_000));
  let json: unknown;
  if (output === 'json' && result.exitCode === 0 && result.stdout.trim() !== '') {
    try {
      json = JSON.parse(result.stdout);
    } catch {
      throw new Error(`aws ${args.join(' ')} printed output that is not JSON:\n${result.stdout}`);
    }
  }
  return { ...result, json };
}
