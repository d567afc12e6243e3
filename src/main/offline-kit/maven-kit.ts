/**
 * A Maven project's dependency tree resolved through the repository's Maven endpoint and fetched
 * into the store: the project's dependencies (every scope but `system`), then, level by level, the
 * compile and runtime dependencies of each, as Maven mediates them: the nearest declaration of an
 * artifact wins (the first at equal depth), the project's dependencyManagement pins transitive
 * versions, exclusions and optional dependencies are honoured. For each artifact the POM and the
 * file its type names are fetched, and the parent POMs and imported BOMs the models were built from.
 * A POM carries no hashes of its dependencies, so nothing is checked against the project file;
 * Maven checks each download against the `.sha1` the endpoint serves.
 */
import type { KitEntry } from '../../shared/offline-kit';
import type { EngineContext } from '../engine/context';
import { ValidationException } from '../engine/errors';
import type { OwnEndpoint } from './own-endpoint';
import {
  heldBefore,
  kitConcurrency,
  mapLimited,
  missingEntry,
  skippedEntry,
  type ProgressCounter,
} from './kit-work';
import {
  MavenModelError,
  dependencyKey,
  effectivePom,
  pomPath,
  readPom,
  type EffectivePom,
  type MavenCoordinates,
  type MavenDependency,
} from './maven-project';

type Target = { domain: string; domainOwner?: string; repository: string };

/** The file a dependency type stands for: extension and implied classifier; none for `pom`. */
const typeFiles: Readonly<Record<string, { extension: string; classifier?: string } | null>> = {
  pom: null,
  jar: { extension: 'jar' },
  bundle: { extension: 'jar' },
  'maven-plugin': { extension: 'jar' },
  ejb: { extension: 'jar' },
  'test-jar': { extension: 'jar', classifier: 'tests' },
  'ejb-client': { extension: 'jar', classifier: 'client' },
  'java-source': { extension: 'jar', classifier: 'sources' },
  javadoc: { extension: 'jar', classifier: 'javadoc' },
};

interface Node {
  readonly dependency: MavenDependency & { version: string };
  readonly scope: string;
  readonly exclusions: readonly string[];
}

interface PomFetch {
  readonly text?: string;
  readonly entry: KitEntry;
}

const maxArtifacts = 20_000;

function gav(coordinates: MavenCoordinates): string {
  return `${coordinates.groupId}:${coordinates.artifactId}:${coordinates.version}`;
}

function excluded(exclusions: readonly string[], dependency: MavenDependency): boolean {
  return exclusions.some((rule) => {
    const [group = '*', artifact = '*'] = rule.split(':');
    return (
      (group === '*' || group === dependency.groupId) &&
      (artifact === '*' || artifact === dependency.artifactId)
    );
  });
}

/** The scope a transitive dependency gets under a parent of `parentScope` (undefined: left out). */
function transitiveScope(parentScope: string, scope: string | undefined): string | undefined {
  const own = scope ?? 'compile';
  if (own !== 'compile' && own !== 'runtime') return undefined;
  if (parentScope === 'compile') return own;
  return parentScope === 'runtime' ? 'runtime' : parentScope;
}

class MavenKit {
  private readonly poms = new Map<string, Promise<PomFetch>>();
  private readonly entries: KitEntry[] = [];
  private readonly resolved = new Set<string>();
  private readonly inherited = new Map<string, MavenCoordinates>();
  private managed = new Map<string, MavenDependency>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly endpoint: OwnEndpoint,
    private readonly target: Target,
    private readonly progress: ProgressCounter,
  ) {}

  private held(coordinates: MavenCoordinates): boolean {
    return heldBefore(this.ctx, {
      ...this.target,
      format: 'maven',
      namespace: coordinates.groupId,
      package: coordinates.artifactId,
      version: coordinates.version,
    });
  }

  /** The POM of `coordinates` through the endpoint, fetched once however often it is asked for. */
  private pom(coordinates: MavenCoordinates): Promise<PomFetch> {
    const key = gav(coordinates);
    let fetching = this.poms.get(key);
    if (!fetching) {
      fetching = (async () => {
        const held = this.held(coordinates);
        const path = pomPath(coordinates, 'pom');
        const file = path.split('/').pop() ?? path;
        const answer = await this.endpoint.get(path, { keepText: true });
        const name = `${coordinates.groupId}:${coordinates.artifactId}`;
        if (answer.status !== 200 || answer.text === undefined)
          return { entry: missingEntry(name, coordinates.version, file, answer) };
        const entry: KitEntry = {
          name,
          version: coordinates.version,
          outcome: held ? 'cached' : 'fetched',
          files: [file],
          verified: false,
        };
        return { text: answer.text, entry };
      })();
      this.poms.set(key, fetching);
    }
    return fetching;
  }

  private readonly source = async (coordinates: MavenCoordinates): Promise<string | undefined> => {
    this.inherited.set(gav(coordinates), coordinates);
    return (await this.pom(coordinates)).text;
  };

  /** Fetches one artifact (POM and file); returns its model for the next level, when it could be read. */
  private async visit(node: Node): Promise<EffectivePom | undefined> {
    const { dependency } = node;
    const name = `${dependency.groupId}:${dependency.artifactId}`;
    const coordinates = {
      groupId: dependency.groupId,
      artifactId: dependency.artifactId,
      version: dependency.version,
    };
    const pom = await this.pom(coordinates);
    if (pom.text === undefined) {
      this.entries.push(pom.entry);
      return undefined;
    }
    const files = [...pom.entry.files];
    const file =
      typeFiles[dependency.type] === undefined ? { extension: dependency.type } : typeFiles[dependency.type];
    if (file) {
      const path = pomPath(coordinates, file.extension, dependency.classifier ?? file.classifier);
      const answer = await this.endpoint.get(path);
      const fileName = path.split('/').pop() ?? path;
      if (answer.status !== 200) {
        this.entries.push(missingEntry(name, dependency.version, fileName, answer));
        return undefined;
      }
      files.push(fileName);
    }
    this.entries.push({ ...pom.entry, files });
    try {
      return await effectivePom(readPom(pom.text, `POM ${gav(coordinates)}`), this.source);
    } catch (error) {
      if (!(error instanceof MavenModelError) && !(error instanceof ValidationException)) throw error;
      this.entries.push(
        skippedEntry(name, dependency.version, `its dependencies could not be read: ${error.message}`),
      );
      return undefined;
    }
  }

  /** The nodes `dependencies` add under a parent; the first (nearest) of each artifact wins. */
  private children(dependencies: readonly MavenDependency[], parent: Node | undefined): Node[] {
    const nodes: Node[] = [];
    for (const declared of dependencies) {
      const rule = parent ? this.managed.get(dependencyKey(declared)) : undefined;
      const dependency = rule
        ? {
            ...declared,
            ...(rule.version ? { version: rule.version } : {}),
            ...(rule.scope ? { scope: rule.scope } : {}),
          }
        : declared;
      const scope = parent
        ? transitiveScope(parent.scope, dependency.scope)
        : (dependency.scope ?? 'compile');
      if (scope === undefined || (parent && dependency.optional)) continue;
      if (parent && excluded(parent.exclusions, dependency)) continue;
      const key = dependencyKey(dependency);
      if (this.resolved.has(key)) continue;
      this.resolved.add(key);
      const name = `${dependency.groupId}:${dependency.artifactId}`;
      if (scope === 'system' || scope === 'import') {
        this.entries.push(
          skippedEntry(name, dependency.version ?? '', `scope ${scope} is not fetched from a repository`),
        );
        continue;
      }
      if (!dependency.version || dependency.version.includes('${')) {
        this.entries.push(skippedEntry(name, dependency.version ?? '', 'no version could be determined'));
        continue;
      }
      if (/^[[(]/.test(dependency.version)) {
        this.entries.push(
          skippedEntry(name, dependency.version, 'a version range: pin one version in the POM'),
        );
        continue;
      }
      if (this.resolved.size > maxArtifacts)
        throw new ValidationException(`The dependency tree has more than ${maxArtifacts} artifacts.`);
      nodes.push({
        dependency: { ...dependency, version: dependency.version },
        scope,
        exclusions: [...(parent?.exclusions ?? []), ...dependency.exclusions],
      });
    }
    this.progress.grow(nodes.length);
    return nodes;
  }

  async run(content: string): Promise<KitEntry[]> {
    let project: EffectivePom;
    try {
      project = await effectivePom(readPom(content, 'The project POM'), this.source);
    } catch (error) {
      if (error instanceof MavenModelError)
        throw new ValidationException(`The project POM: ${error.message}.`);
      throw error;
    }
    this.managed = new Map(project.managed.map((entry) => [dependencyKey(entry), entry]));
    let level = this.children(project.dependencies, undefined);
    while (level.length > 0) {
      const models = await mapLimited(level, kitConcurrency, async (node) => {
        const model = await this.visit(node);
        this.progress.finish(
          `${node.dependency.groupId}:${node.dependency.artifactId}:${node.dependency.version}`,
        );
        return model;
      });
      const next: Node[] = [];
      level.forEach((node, index) => {
        const model = models[index];
        if (model) next.push(...this.children(model.dependencies, node));
      });
      level = next;
    }
    const listed = new Set(this.entries.map((entry) => `${entry.name}:${entry.version}`));
    for (const [key, coordinates] of this.inherited) {
      if (listed.has(key)) continue;
      this.entries.push((await this.pom(coordinates)).entry);
    }
    return this.entries;
  }
}

export async function mavenKit(
  ctx: EngineContext,
  endpoint: OwnEndpoint,
  target: Target,
  content: string,
  progress: ProgressCounter,
): Promise<KitEntry[]> {
  return new MavenKit(ctx, endpoint, target, progress).run(content);
}
