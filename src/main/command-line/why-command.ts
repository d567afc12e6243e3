/**
 * `why`: "why this version" from the command line. Prints, as JSON, how a client's request for a
 * package (an exact version, a range, or latest) is answered by a repository: the repositories
 * asked in order, which one answered, and every version filtered out with the reason
 * (engine/upstreams/resolution-trace.ts). The service must not be running on the data directory.
 */
import { traceResolution } from '../engine/upstreams/resolution-trace';
import { CommandFailedError, CommandLineError, defineCommand } from './command-line';
import { dataDirFrom, dataDirOption, domainOwnerOption } from './serve-command';
import { withStoppedService } from './stopped-service';

export const whyCommand = defineCommand({
  name: 'why',
  summary: 'Explains which version of a package a repository serves, and why (JSON).',
  description:
    "Prints as JSON the resolution trace of a package request in a repository: the repositories of its search order (and those an origin control keeps out, with the control), which one answered and whether from the repository's own store or an upstream, and every version filtered out and why: status, origin controls, package group rule, range, shadowed by an earlier repository. The service must not be running on the data directory.",
  options: {
    'data-dir': dataDirOption,
    domain: { type: 'string', value: 'D', help: 'domain (required)' },
    'domain-owner': domainOwnerOption,
    repository: { type: 'string', value: 'R', help: 'the repository the client asks (required)' },
    format: { type: 'string', value: 'F', help: 'npm, pypi, maven, … (required)' },
    namespace: { type: 'string', value: 'NS', help: 'npm scope without @, Maven groupId, …' },
    package: { type: 'string', value: 'P', help: 'package name (required)' },
    version: {
      type: 'string',
      value: 'V',
      help: 'an exact version or a range (npm semver, PEP 440 specifier); latest when absent',
    },
  },
  async run({ values }) {
    for (const required of ['domain', 'repository', 'format', 'package'] as const) {
      if (!values[required]) throw new CommandLineError(`--${required} is required`);
    }
    await withStoppedService(dataDirFrom(values['data-dir']), async (ctx) => {
      let trace;
      try {
        trace = traceResolution(ctx, {
          domain: values.domain ?? '',
          ...(values['domain-owner'] ? { domainOwner: values['domain-owner'] } : {}),
          repository: values.repository ?? '',
          format: values.format ?? '',
          ...(values.namespace ? { namespace: values.namespace } : {}),
          package: values.package ?? '',
          ...(values.version ? { version: values.version } : {}),
        });
      } catch (error) {
        throw new CommandFailedError(`${(error as Error).name}: ${(error as Error).message}`, 1);
      }
      process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
    });
  },
});
