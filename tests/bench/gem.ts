/**
 * The RubyGems row of the format benchmark: the real `gem install` of 20 gems into an empty install
 * folder, from Artifact Desk and from the shared static file server sending the same files
 * (versions, info files, Marshal specifications and .gem files mirrored from Artifact Desk's
 * answers), in interleaved rounds.
 */
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryEndpointCommand,
} from '@aws-sdk/client-codeartifact';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBuiltServe } from './built-serve';
import { createRubyEnv } from '../clients/ruby/ruby-env';
import { mirrorToStatic } from './mirror-to-static';
import { floorRatioTable, interleavedRounds } from './report';
import { startStaticServer } from './static-server';

const gemCount = 20;
const rounds = 3;

export async function measureGem(): Promise<void> {
  const serve = await startBuiltServe({ args: ['--no-client-config'] });
  const client = serve.client();
  const domain = 'bench';
  await client.send(new CreateDomainCommand({ domain }));
  await client.send(new CreateRepositoryCommand({ domain, repository: 'gems' }));
  const token = (await client.send(new GetAuthorizationTokenCommand({ domain }))).authorizationToken ?? '';
  const ruby = await createRubyEnv(token);
  const root = path.join(ruby.home, 'static');
  const floor = await startStaticServer(root);
  try {
    const endpoint =
      (await client.send(new GetRepositoryEndpointCommand({ domain, repository: 'gems', format: 'ruby' })))
        .repositoryEndpoint ?? '';
    const headers = { Authorization: `Bearer ${token}` };
    const names: string[] = [];
    // gem checks that the source answers at its root before it reads the compact index.
    const paths = ['', 'versions'];
    for (let i = 0; i < gemCount; i++) {
      const name = `bench-gem${i}`;
      const body = await readFile(await ruby.buildGem(name, '1.0.0', `gem ${i}`));
      const pushed = await fetch(`${endpoint}api/v1/gems`, { method: 'POST', headers, body });
      if (!pushed.ok) throw new Error(`push ${name}: ${pushed.status} ${await pushed.text()}`);
      names.push(name);
      paths.push(`info/${name}`, `quick/Marshal.4.8/${name}-1.0.0.gemspec.rz`, `gems/${name}-1.0.0.gem`);
    }
    await mirrorToStatic(endpoint, headers, paths, root, 'paths');
    let runs = 0;
    const install = async (source: string): Promise<number> => {
      const installDir = path.join(ruby.home, `installed-${++runs}`);
      const started = performance.now();
      const result = await ruby.run('gem', [
        'install',
        ...names,
        '--clear-sources',
        '--source',
        source,
        '--install-dir',
        installDir,
        '--no-document',
      ]);
      const elapsed = performance.now() - started;
      if (result.code !== 0) throw new Error(`gem install from ${source}: ${result.stderr}`);
      await rm(installDir, { recursive: true, force: true });
      return elapsed;
    };
    const samples = await interleavedRounds(rounds, {
      floor: () => install(floor.url),
      desk: () => install(ruby.sourceUrl(endpoint)),
    });
    floorRatioTable(`gem install of ${gemCount} gems (empty install folder)`, samples.floor ?? [], [
      ['Artifact Desk compact index', samples.desk ?? []],
    ]);
  } finally {
    await floor.stop();
    await ruby.dispose();
    await serve.dispose();
  }
}
