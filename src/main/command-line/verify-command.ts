/**
 * `verify`: checks every blob of a data directory against its recorded SHA-256 and size, without
 * starting the service, and lists damaged, missing and orphaned files. Exit status 1 when anything
 * was found, so scripts can act on it.
 */
import { verifyStore } from '../engine/assets/verify-store';
import { defineCommand } from './command-line';
import { dataDirFrom, dataDirOption } from './serve-command';
import { withStoppedService } from './stopped-service';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'Checks every stored file against its recorded SHA-256 and size.',
  description:
    'Reads every blob of the data directory (the service must not be running on it) and lists damaged, missing and orphaned files. Damaged and missing blobs are marked, so the app flags the assets that use them; exit status 1 when anything was found.',
  options: { 'data-dir': dataDirOption },
  async run({ values }) {
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
      if (report.findings.length > 0) process.exitCode = 1;
    });
  },
});
