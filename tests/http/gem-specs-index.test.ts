/**
 * Which versions each specs index lists: an upstream `versions` file read with its appended lines
 * and yanked (`-version`) entries, platform builds as their real version and platform, `specs`
 * without prereleases, `latest_specs` the newest release per gem and platform, `prerelease_specs`
 * only prereleases.
 */
import { describe, expect, it } from 'vitest';
import { specsIndexEntries, versionsFileEntries } from '../../src/main/http/formats/ruby/specs-index';

const all = versionsFileEntries([
  'rack 1.0.0,2.0.0,2.1.0.beta1 0123\n',
  'nokogiri 1.15.0,1.15.0-x86_64-linux,1.16.0 4567\n',
  'rack -2.0.0,1.9.0 89ab\n',
  '../bad 1.0.0 cdef\n',
]);
const shown = (entries: { name: string; version: string; platform: string }[]) =>
  entries.map((entry) => `${entry.name} ${entry.version} ${entry.platform}`).sort();

describe('specs index entries', () => {
  it('reads a versions file: appended versions kept, yanked ones gone, invalid names skipped', () => {
    expect(shown(all)).toEqual([
      'nokogiri 1.15.0 ruby',
      'nokogiri 1.15.0 x86_64-linux',
      'nokogiri 1.16.0 ruby',
      'rack 1.0.0 ruby',
      'rack 1.9.0 ruby',
      'rack 2.1.0.beta1 ruby',
    ]);
  });

  it('specs leaves out prereleases, latest_specs keeps the newest release per platform', () => {
    expect(shown(specsIndexEntries('specs', all))).not.toContain('rack 2.1.0.beta1 ruby');
    expect(shown(specsIndexEntries('latest_specs', all))).toEqual([
      'nokogiri 1.15.0 x86_64-linux',
      'nokogiri 1.16.0 ruby',
      'rack 1.9.0 ruby',
    ]);
    expect(shown(specsIndexEntries('prerelease_specs', all))).toEqual(['rack 2.1.0.beta1 ruby']);
  });
});
