import { describe, expect, it } from 'vitest';
import { connectSnippets, npmAuthKey } from '../../src/renderer/src/lib/connect-config';
import { installSnippets } from '../../src/renderer/src/lib/install-snippet';
import { checkPolicyDocument } from '../../src/renderer/src/lib/policy-json';
import { hashToRoute, routeToHash, type Route } from '../../src/renderer/src/lib/route';
import { layoutUpstreamGraph, nodeHeight, nodeWidth } from '../../src/renderer/src/lib/upstream-layout';

describe('routes in the address hash', () => {
  it('round-trip every screen, including names that need escaping', () => {
    const routes: Route[] = [
      { screen: 'home' },
      { screen: 'settings' },
      { screen: 'domain', domain: 'team', tab: 'graph' },
      { screen: 'domain', domain: 'team', tab: 'groups', group: '/npm/acme/*' },
      { screen: 'repository', domain: 'team', repository: 'app', tab: 'connect' },
      { screen: 'package', domain: 'team', repository: 'app', format: 'npm', package: 'left-pad' },
      {
        screen: 'version',
        domain: 'team',
        repository: 'app',
        format: 'maven',
        namespace: 'com.acme',
        package: 'core',
        version: '1.0/β',
      },
    ];
    for (const route of routes) expect(hashToRoute(routeToHash(route))).toEqual(route);
  });

  it('reads anything unknown as the home screen', () => {
    expect(hashToRoute('')).toEqual({ screen: 'home' });
    expect(hashToRoute('#/d/team/nonsense')).toEqual({ screen: 'home' });
    expect(hashToRoute('#/d/team/r/app/p/rpm//x')).toEqual({ screen: 'home' });
    expect(hashToRoute('#/d/%E0%A4%A')).toEqual({ screen: 'home' });
  });
});

describe('Connect configuration', () => {
  const target = {
    serviceEndpoint: 'http://127.0.0.1:5484',
    region: 'us-east-1',
    domain: 'team',
    domainOwner: '111122223333',
    repository: 'app',
    repositoryEndpoint: 'http://127.0.0.1:5484/team-111122223333/npm/app/',
    token: 'tok',
  };

  it('gives npm the login line and the exact .npmrc lines', () => {
    const snippets = connectSnippets('npm', target);
    expect(snippets.find((snippet) => snippet.id === 'npm-login')?.text).toBe(
      'aws codeartifact login --tool npm --domain team --domain-owner 111122223333 --repository app --endpoint-url http://127.0.0.1:5484 --region us-east-1',
    );
    expect(snippets.find((snippet) => snippet.id === 'npm-npmrc')?.text).toBe(
      'registry=http://127.0.0.1:5484/team-111122223333/npm/app/\n//127.0.0.1:5484/team-111122223333/npm/app/:_authToken=tok',
    );
    expect(npmAuthKey('http://localhost:1/x/y')).toBe('//localhost:1/x/y/');
  });

  it('gives pip and twine their login lines and basic-auth index', () => {
    const snippets = connectSnippets('pypi', {
      ...target,
      repositoryEndpoint: 'http://127.0.0.1:5484/team-111122223333/pypi/app/',
    });
    expect(snippets.map((snippet) => snippet.id)).toEqual(['pip-login', 'twine-login', 'pip-conf', 'pypirc']);
    expect(snippets[1]?.text).toContain('--tool twine');
    expect(snippets[2]?.text).toBe(
      '[global]\nindex-url = http://aws:tok@127.0.0.1:5484/team-111122223333/pypi/app/simple/\ntrusted-host = 127.0.0.1:5484',
    );
  });

  it('names the Cargo registry so TOML and the token variable can hold it, and uses it in every cargo line', () => {
    const snippets = connectSnippets('cargo', {
      ...target,
      repository: 'my.repo',
      repositoryEndpoint: 'http://127.0.0.1:5484/team-111122223333/cargo/my.repo/',
    });
    expect(snippets.map((snippet) => snippet.text)).toEqual([
      '[registries.team-my-repo]\nindex = "sparse+http://127.0.0.1:5484/team-111122223333/cargo/my.repo/"\ncredential-provider = "cargo:token"',
      'export CARGO_REGISTRIES_TEAM_MY_REPO_TOKEN="Bearer tok"',
      'cargo add <crate> --registry team-my-repo\ncargo publish --registry team-my-repo',
    ]);
    expect(installSnippets('cargo', undefined, 'serde', '1.0.0', 'team-my-repo')[0]?.text).toBe(
      'cargo add serde@1.0.0 --registry team-my-repo',
    );
  });

  it('shows a placeholder until a token is fetched', () => {
    expect(connectSnippets('npm', { ...target, token: undefined })[1]?.text).toContain(
      ':_authToken=<authorization token>',
    );
  });
});

describe('permissions policy check', () => {
  it('accepts a JSON object and refuses anything else with a message', () => {
    expect(checkPolicyDocument('{"Version":"2012-10-17","Statement":[]}')).toMatchObject({ ok: true });
    const broken = checkPolicyDocument('{"Version": ');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(/^The policy is not valid JSON: /);
    expect(checkPolicyDocument('   ')).toEqual({
      ok: false,
      message: 'The policy is empty. Write a JSON policy document.',
    });
    expect(checkPolicyDocument('42').ok).toBe(false);
  });
});

describe('upstream graph layout', () => {
  it('puts upstreams below the repositories that read from them and external connections at the bottom', () => {
    const layout = layoutUpstreamGraph([
      { name: 'app', upstreams: [{ repositoryName: 'shared' }, { repositoryName: 'npm-store' }] },
      { name: 'shared', upstreams: [{ repositoryName: 'npm-store' }] },
      { name: 'npm-store', externalConnections: [{ externalConnectionName: 'public:npmjs' }] },
      { name: 'lonely' },
    ]);
    const layer = (label: string) => layout.nodes.find((node) => node.label === label)?.layer;
    expect(layer('app')).toBe(0);
    expect(layer('shared')).toBe(1);
    expect(layer('npm-store')).toBe(2);
    expect(layer('public:npmjs')).toBe(3);
    expect(layer('lonely')).toBe(0);
    expect(layout.edges.filter((edge) => edge.from === 'repository:app').map((edge) => edge.order)).toEqual([
      1, 2,
    ]);
    expect(layout.height).toBeGreaterThan(3 * nodeHeight);
    const positions = new Set(layout.nodes.map((node) => `${node.x},${node.y}`));
    expect(positions.size).toBe(layout.nodes.length);
  });

  it('routes an edge that skips a layer around the nodes of that layer', () => {
    const layout = layoutUpstreamGraph([
      { name: 'app', upstreams: [{ repositoryName: 'shared' }, { repositoryName: 'store' }] },
      { name: 'shared', upstreams: [{ repositoryName: 'store' }] },
      { name: 'store' },
    ]);
    const shared = layout.nodes.find((node) => node.label === 'shared');
    const long = layout.edges.find(
      (edge) => edge.from === 'repository:app' && edge.to === 'repository:store',
    );
    expect(long?.points).toHaveLength(4);
    const crossing =
      long?.points.filter(
        (point) => point.y >= (shared?.y ?? 0) && point.y <= (shared?.y ?? 0) + nodeHeight,
      ) ?? [];
    expect(crossing.length).toBeGreaterThan(0);
    for (const point of crossing) {
      expect(point.x < (shared?.x ?? 0) || point.x > (shared?.x ?? 0) + nodeWidth).toBe(true);
    }
  });

  it('draws a cycle without looping, marking the edge that closes it', () => {
    const layout = layoutUpstreamGraph([
      { name: 'a', upstreams: [{ repositoryName: 'b' }] },
      { name: 'b', upstreams: [{ repositoryName: 'a' }] },
    ]);
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges.filter((edge) => edge.back)).toHaveLength(1);
  });

  it('is empty for a domain without repositories', () => {
    expect(layoutUpstreamGraph([])).toMatchObject({ nodes: [], edges: [], height: 0 });
  });
});
