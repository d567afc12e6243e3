/**
 * `mirror plan|pull|push|jobs`: compares the local data directory with a domain of a remote AWS
 * CodeArtifact (or anything speaking its API, given `--endpoint-url`) and copies versions either way.
 * Works on the data directory directly, like `verify`, so the service must not be running on it (the
 * app's Mirror page does the same while it runs). Credentials come from the AWS profile chain.
 *
 * A pull or push runs in the foreground with progress on stderr; killed, it resumes where it stood
 * when the same command runs again (or when the service starts on the data directory).
 */
import { createInvoker } from '../engine/invoke';
import { createMirror } from '../mirror/mirror-jobs';
import type { MirrorJobDetail, MirrorPlan, MirrorRemote, MirrorScope } from '../../shared/mirror';
import { CommandFailedError, CommandLineError, defineCommand } from './command-line';
import { dataDirFrom, dataDirOption } from './serve-command';
import { withStoppedService } from './stopped-service';

const actions = ['plan', 'pull', 'push', 'jobs'] as const;
type Action = (typeof actions)[number];

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function coordinates(v: { format: string; namespace?: string; package: string; version: string }): string {
  return `${v.format} ${v.namespace ? `${v.namespace}/` : ''}${v.package} ${v.version}`;
}

export function planText(plan: MirrorPlan): string {
  const lines = [
    `Domain ${plan.domain}: ${plan.domainOnLocal ? 'here' : 'NOT here'}, ${plan.domainOnRemote ? 'on the remote' : 'NOT on the remote'}`,
  ];
  lines.push('', 'Repositories:');
  for (const r of plan.repositories) {
    const notes = [
      ...r.upstreamsOnlyLocal.map((u) => `upstream ${u} only here`),
      ...r.upstreamsOnlyRemote.map((u) => `upstream ${u} only on the remote`),
      ...r.externalConnectionsOnlyLocal.map((c) => `external connection ${c} only here`),
      ...r.externalConnectionsOnlyRemote.map((c) => `external connection ${c} only on the remote`),
    ];
    lines.push(`  ${r.name.padEnd(24)} ${r.presence.padEnd(11)} ${notes.join('; ')}`.trimEnd());
  }
  lines.push('', 'Versions:');
  for (const v of plan.versions) {
    const status =
      v.localStatus && v.remoteStatus
        ? `${v.localStatus}/${v.remoteStatus}`
        : (v.localStatus ?? v.remoteStatus ?? '');
    lines.push(
      `  ${v.comparison.padEnd(11)} ${v.repository} ${coordinates(v)}  ${status}  ${sizeText(v.bytes)}${v.reason ? `  (${v.reason})` : ''}`,
    );
  }
  const c = plan.counts;
  lines.push(
    '',
    `${c['only-local']} only here, ${c['only-remote']} only on the remote, ${c.same} the same, ${c.conflicting} conflicting.`,
    '',
  );
  return lines.join('\n');
}

function jobText(job: MirrorJobDetail): string {
  const lines = [
    `Job ${job.id} (${job.direction}) ${job.state}: ${job.done} copied, ${job.skipped} skipped, ${job.failed} failed of ${job.total}; ${sizeText(job.bytesDone)} of ${sizeText(job.bytesTotal)}.`,
  ];
  if (job.message) lines.push(`  ${job.message}`);
  for (const item of job.items.filter((i) => i.state === 'failed'))
    lines.push(`  failed: ${item.repository} ${coordinates(item)}: ${item.message ?? ''}`);
  lines.push('');
  return lines.join('\n');
}

export const mirrorCommand = defineCommand({
  name: 'mirror',
  summary: 'Compares with, pulls from or pushes to an AWS CodeArtifact domain.',
  description:
    'plan lists versions only here, only on the remote, the same and conflicting, and repositories, upstreams and external connections missing on either side. pull copies the remote structure and versions here; push publishes local versions to the remote; both keep statuses, never overwrite a conflicting version without --overwrite, and resume when run again after an interruption. jobs lists the jobs. Credentials come from the AWS profile chain (AWS_PROFILE or --profile, environment, SSO); the service must not be running on the data directory.',
  positionals: [{ name: 'ACTION', help: 'plan, pull, push or jobs' }],
  options: {
    'data-dir': dataDirOption,
    domain: { type: 'string', value: 'NAME', help: 'the domain on both sides (required except for jobs)' },
    'domain-owner': { type: 'string', value: 'ACCOUNT', help: "the remote domain's owner account" },
    region: {
      type: 'string',
      value: 'REGION',
      help: 'remote region (default AWS_REGION, AWS_DEFAULT_REGION)',
    },
    profile: { type: 'string', value: 'NAME', help: 'AWS profile for the credentials (default AWS_PROFILE)' },
    'endpoint-url': {
      type: 'string',
      value: 'URL',
      help: "the remote's API endpoint, instead of the region's",
    },
    repository: { type: 'string', multiple: true, value: 'NAME', help: 'only this repository (default all)' },
    prefix: { type: 'string', multiple: true, value: 'PREFIX', help: 'only packages whose name starts so' },
    overwrite: { type: 'boolean', help: 'replace conflicting versions on the receiving side' },
    json: { type: 'boolean', help: 'print the plan or the job as JSON' },
  },
  async run({ values, positionals }) {
    const action = positionals[0] as Action;
    if (!actions.includes(action))
      throw new CommandLineError(`ACTION must be one of ${actions.join(', ')}, got '${action}'`);
    const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (action !== 'jobs') {
      if (!values.domain) throw new CommandLineError('--domain is required');
      if (!region) throw new CommandLineError('--region is required (or AWS_REGION)');
    }
    if (values['endpoint-url'] !== undefined && !/^https?:\/\/[^\s]+$/.test(values['endpoint-url']))
      throw new CommandLineError(`--endpoint-url must be an http(s) URL, got '${values['endpoint-url']}'`);
    const remote: MirrorRemote = {
      region: region ?? '',
      domain: values.domain ?? '',
      ...(values['domain-owner'] ? { domainOwner: values['domain-owner'] } : {}),
      ...(values.profile ? { profile: values.profile } : {}),
      ...(values['endpoint-url'] ? { endpoint: values['endpoint-url'] } : {}),
    };
    const scope: MirrorScope = {
      ...(values.repository?.length ? { repositories: values.repository } : {}),
      ...(values.prefix?.length ? { packagePrefixes: values.prefix } : {}),
    };
    const dataDir = dataDirFrom(values['data-dir']);
    await withStoppedService(dataDir, async (ctx) => {
      let shown = '';
      const mirror = createMirror({
        ctx,
        invoke: createInvoker(ctx),
        onProgress: (job) => {
          const line = `${job.direction}: ${job.done + job.skipped + job.failed}/${job.total} versions, ${sizeText(job.bytesDone)} of ${sizeText(job.bytesTotal)}`;
          if (line !== shown) process.stderr.write(`${(shown = line)}\n`);
        },
      });
      if (action === 'jobs') {
        const jobs = mirror.jobs();
        process.stdout.write(
          values.json
            ? `${JSON.stringify(jobs, null, 2)}\n`
            : jobs.map((job) => jobText({ ...job, items: [] })).join(''),
        );
        return;
      }
      if (action === 'plan') {
        let plan;
        try {
          plan = await mirror.plan(remote, scope);
        } catch (error) {
          throw new CommandFailedError((error as Error).message);
        }
        process.stdout.write(values.json ? `${JSON.stringify(plan, null, 2)}\n` : planText(plan));
        return;
      }
      const request = { direction: action, remote, scope, overwrite: values.overwrite === true } as const;
      const unfinished = mirror.findUnfinished(request);
      if (unfinished) process.stderr.write(`Resuming job ${unfinished.id}.\n`);
      const id = unfinished?.id ?? mirror.start(request);
      await mirror.run(id);
      const detail = mirror.job(id)!;
      process.stdout.write(values.json ? `${JSON.stringify(detail, null, 2)}\n` : jobText(detail));
      if (detail.state === 'failed') throw new CommandFailedError(detail.message ?? 'the job failed');
      if (detail.failed > 0) process.exitCode = 1;
    });
  },
});
