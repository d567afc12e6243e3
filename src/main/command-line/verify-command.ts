/**
 * `verify`: checks every blob of a data directory against its recorded SHA-256 and size, without
 * starting the service, and lists damaged, missing and orphaned files. Exit status 1 when anything
 * was found, so scripts can act on it.
 */
import { verifyStore } from '../engine/assets/verify-store';
import { createExternalUpstreams } from '../external/external-upstreams';
import { createBlobRepairer, repairFindings, type RepairOutcome } from '../external/refetch-assets';
import { defaultUpstreamPolicy } from '../external/upstream-documents';
import { defineCommand } from './command-line';
import {
  dataDirFrom,
  dataDirOption,
  externalUpstreamOption,
  externalUpstreamsFrom,
  noClientConfigOption,
} from './serve-command';
import { withStoppedService } from './stopped-service';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'Checks every stored file against its recorded SHA-256 and size.',
  description:
    'Reads every blob of the data directory (the service must not be running on it) and lists damaged, missing and orphaned files. Damaged and missing blobs are marked, so the app flags the assets that use them. With --repair, those that came through an external connection are fetched again from its upstream and replaced once their SHA-256 matches; the others stay marked. Exit status 1 when anything was found and not repaired.',
  options: {
    'data-dir': dataDirOption,
    repair: {
      type: 'boolean',
      help: 'fetch damaged or missing files again from the upstream of the external connection they came through (checked against their SHA-256); files only published here are reported and stay marked',
    },
    'external-upstream': externalUpstreamOption,
    'no-client-config': noClientConfigOption,
  },
  async run({ values }) {
    const settings = externalUpstreamsFrom(values['external-upstream']);
    await withStoppedService(dataDirFrom(values['data-dir']), async (ctx) => {
      let shown = -1;
      const report = await verifyStore(ctx, (done, total) => {
        const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
        if (percent !== shown && (percent % 10 === 0 || done === total)) {
          shown = percent;
          process.stderr.write(`verify: ${done}/${total} blobs (${percent}%)\n`);
        }
      });
      const lines = [
        `Checked ${report.checked} blob(s): ${report.intact} intact, ${report.findings.length} finding(s).`,
        ...report.findings.map(
          (finding) =>
            `  ${finding.kind.padEnd(8)} ${finding.domain} ${finding.sha256}: ${finding.detail}` +
            (finding.assets.length > 0 ? `\n           used by ${finding.assets.join(', ')}` : ''),
        ),
        '',
      ];
      process.stdout.write(lines.join('\n'));
      let remaining = report.findings.length;
      if (values.repair === true && report.findings.some((finding) => finding.kind !== 'orphaned')) {
        const upstreams = createExternalUpstreams({
          settings,
          serviceUrl: () => '',
          useClientConfig: values['no-client-config'] !== true,
          askAfter: Promise.resolve(),
        });
        const repair = createBlobRepairer(ctx, {
          upstream: (connection) => upstreams.upstream(connection),
          policy: defaultUpstreamPolicy,
        });
        const outcomes = await repairFindings(repair, report.findings);
        process.stdout.write(repairLines(outcomes));
        remaining -= outcomes.filter((outcome) => outcome.repaired).length;
      }
      if (remaining > 0) process.exitCode = 1;
    });
  },
});

function repairLines(outcomes: readonly RepairOutcome[]): string {
  const repaired = outcomes.filter((outcome) => outcome.repaired).length;
  return [
    `Repair: ${repaired} of ${outcomes.length} damaged or missing blob(s) repaired.`,
    ...outcomes.map(
      (outcome) =>
        `  ${outcome.repaired ? 'repaired' : 'NOT repaired'} ${outcome.domain} ${outcome.sha256}: ${outcome.detail}`,
    ),
    '',
  ].join('\n');
}
