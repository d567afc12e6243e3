/**
 * Where public:crates-io, public:ruby-gems-org and public:nuget-org fetch from when no
 * --external-upstream names it: cargo's replacement of crates-io in its config.toml, the real gem's
 * `gem sources --list` (asked again without the user's .gemrc when that names this service), and
 * the first v3 source of the user's NuGet.Config; a source that is this service is never used.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askCargoRegistry,
  askGemSource,
  askNugetSource,
  cratesIoReplacement,
  nugetV3Sources,
} from '../../src/main/external/crate-gem-nuget-config';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

let home: string;
const self = 'http://127.0.0.1:5484/';
const isSelf = (url: string) => url.startsWith(self);

beforeAll(async () => {
  home = await makeTempDir('artifact-desk-client-config-');
});

afterAll(async () => {
  await removeDir(home);
});

describe("cargo's, gem's and NuGet's own configuration", () => {
  it("reads cargo's replacement of crates-io, from a source or a registry, without sparse+", async () => {
    expect(
      cratesIoReplacement(
        '[source.crates-io]\nreplace-with = "mirror"\n\n[source.mirror]\nregistry = "sparse+http://127.0.0.1:1/index/"\n',
      ),
    ).toBe('http://127.0.0.1:1/index/');
    expect(
      cratesIoReplacement(
        "[source.crates-io]\nreplace-with = 'corp'\n[registries.corp]\nindex = 'https://corp.invalid/'\n",
      ),
    ).toBe('https://corp.invalid/');
    expect(
      cratesIoReplacement('[registries.other]\nindex = "sparse+http://x.invalid/"\n'),
      'no replacement',
    ).toBe(undefined);
    const cargoHome = join(home, 'cargo-home');
    await mkdir(cargoHome, { recursive: true });
    await writeFile(
      join(cargoHome, 'config.toml'),
      '[source.crates-io]\nreplace-with = "mirror"\n[source.mirror]\nregistry = "sparse+http://127.0.0.1:2/crates/"\n',
    );
    expect(await askCargoRegistry({ env: { CARGO_HOME: cargoHome } }, isSelf)).toEqual({
      url: 'http://127.0.0.1:2/crates/',
      source: `cargo's replacement of crates-io in ${join(cargoHome, 'config.toml')}`,
    });
    await writeFile(
      join(cargoHome, 'config.toml'),
      `[source.crates-io]\nreplace-with = "desk"\n[source.desk]\nregistry = "sparse+${self}d/cargo/r/"\n`,
    );
    expect(
      await askCargoRegistry({ env: { CARGO_HOME: cargoHome } }, isSelf),
      'this service',
    ).toBeUndefined();
  });

  it('asks gem for its sources, and again without the .gemrc when that names this service', async () => {
    const gemHome = join(home, 'gem-user');
    await mkdir(gemHome, { recursive: true });
    const env = { PATH: process.env.PATH ?? '', HOME: gemHome };
    await writeFile(join(gemHome, '.gemrc'), `---\n:sources:\n- http://127.0.0.1:3/gems/\n`);
    expect(await askGemSource({ home: gemHome, env }, isSelf)).toEqual({
      url: 'http://127.0.0.1:3/gems/',
      source: 'gem sources --list',
    });
    await writeFile(join(gemHome, '.gemrc'), `---\n:sources:\n- ${self}d/ruby/r/\n`);
    const fallback = await askGemSource({ home: gemHome, env }, isSelf);
    expect(fallback?.source).toBe('gem sources --list (without the user .gemrc, which names this service)');
    expect(fallback?.url, "gem's own default source").toMatch(/^https?:\/\//);
    expect(isSelf(fallback?.url ?? self)).toBe(false);
  }, 60_000);

  it('takes the first v3 source of NuGet.Config after any <clear/>, skipping v2 feeds and this service', async () => {
    const config = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="old" value="http://127.0.0.1:4/before-clear/index.json" />
    <clear />
    <add key="v2" value="http://127.0.0.1:4/api/v2" />
    <add key="desk" value="${self}d/nuget/r/v3/index.json" />
    <add key="feed" value="http://127.0.0.1:4/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>`;
    expect(nugetV3Sources(config)).toEqual([
      `${self}d/nuget/r/v3/index.json`,
      'http://127.0.0.1:4/v3/index.json',
    ]);
    const nugetHome = join(home, 'nuget-user');
    await mkdir(join(nugetHome, '.nuget', 'NuGet'), { recursive: true });
    await writeFile(join(nugetHome, '.nuget', 'NuGet', 'NuGet.Config'), config);
    expect(await askNugetSource({ home: nugetHome, env: {} }, isSelf)).toEqual({
      url: 'http://127.0.0.1:4/v3/index.json',
      source: `the first v3 source in ${join(nugetHome, '.nuget', 'NuGet', 'NuGet.Config')}`,
    });
  });
});
