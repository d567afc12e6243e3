/**
 * Running the real `mvn` in isolation: a temp HOME, a settings.xml of our own (`-s`) whose local
 * repository is a temp folder, whose `central` repository is the endpoint under test (with the
 * `aws`/token credentials), and whose plugins come read-only from the machine's pre-filled local
 * repository over `file://`, so nothing is fetched from the internet and the machine's own
 * repository is never written.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface MvnResult {
  readonly code: number;
  readonly output: string;
}

/** Plugin versions present in the machine's local repository with all their dependencies. */
export const deployPlugin = 'org.apache.maven.plugins:maven-deploy-plugin:3.1.2';
const resourcesPluginVersion = '3.3.1';
const compilerPluginVersion = '3.13.0';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface MavenSandbox {
  readonly dir: string;
  readonly settings: string;
  readonly localRepository: string;
  run(args: readonly string[], cwd?: string): Promise<MvnResult>;
}

export async function mavenSandbox(dir: string, repositoryUrl: string, token: string): Promise<MavenSandbox> {
  const home = path.join(dir, 'home');
  const localRepository = path.join(dir, 'local-repository');
  await mkdir(home, { recursive: true });
  await mkdir(localRepository, { recursive: true });
  const plugins = pathToFileURL(path.join(os.homedir(), '.m2', 'repository')).href;
  const settings = path.join(dir, 'settings.xml');
  await writeFile(
    settings,
    `<settings>
  <localRepository>${escapeXml(localRepository)}</localRepository>
  <servers><server><id>central</id><username>aws</username><password>${escapeXml(token)}</password></server></servers>
  <profiles><profile><id>sandbox</id>
    <repositories><repository><id>central</id><url>${escapeXml(repositoryUrl)}</url>
      <releases><enabled>true</enabled><checksumPolicy>fail</checksumPolicy></releases>
      <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy><checksumPolicy>fail</checksumPolicy></snapshots>
    </repository></repositories>
    <pluginRepositories><pluginRepository><id>central</id><url>${escapeXml(plugins)}</url>
      <releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>
    </pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>sandbox</activeProfile></activeProfiles>
</settings>
`,
  );
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, LANG: 'C.UTF-8' };
  if (process.env['JAVA_HOME']) env['JAVA_HOME'] = process.env['JAVA_HOME'];
  return {
    dir,
    settings,
    localRepository,
    run: (args, cwd = dir) =>
      new Promise((resolve) => {
        execFile(
          'mvn',
          ['-B', '-e', '-s', settings, ...args],
          { cwd, env, maxBuffer: 32 * 1024 * 1024, timeout: 180_000 },
          (error, stdout, stderr) => {
            if (error && typeof error.code !== 'number') {
              // mvn missing or killed: a broken environment must fail the test, not skip it.
              resolve({ code: -1, output: `${error.message}\n${stdout}${stderr}` });
              return;
            }
            resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
          },
        );
      }),
  };
}

/** `mvn deploy:deploy-file` arguments for a jar and its POM. */
export function deployFileArgs(options: {
  file: string;
  pom?: string;
  groupId: string;
  artifactId: string;
  version: string;
  url: string;
}): string[] {
  return [
    `${deployPlugin}:deploy-file`,
    `-Dfile=${options.file}`,
    ...(options.pom ? [`-DpomFile=${options.pom}`] : ['-DgeneratePom=true', '-Dpackaging=jar']),
    `-DgroupId=${options.groupId}`,
    `-DartifactId=${options.artifactId}`,
    `-Dversion=${options.version}`,
    `-Durl=${options.url}`,
    '-DrepositoryId=central',
  ];
}

export interface Coordinates {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
}

/** A tiny project depending on `dependencies`; `mvn compile` makes Maven resolve them. */
export async function consumerProject(dir: string, dependencies: readonly Coordinates[]): Promise<string> {
  await mkdir(path.join(dir, 'src', 'main', 'java', 'demo'), { recursive: true });
  await writeFile(
    path.join(dir, 'src', 'main', 'java', 'demo', 'App.java'),
    'package demo; public class App {}\n',
  );
  const deps = dependencies
    .map(
      (dep) =>
        `<dependency><groupId>${dep.groupId}</groupId><artifactId>${dep.artifactId}</artifactId><version>${dep.version}</version></dependency>`,
    )
    .join('\n    ');
  await writeFile(
    path.join(dir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId><artifactId>consumer</artifactId><version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    ${deps}
  </dependencies>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>${resourcesPluginVersion}</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>${compilerPluginVersion}</version></plugin>
  </plugins></build>
</project>
`,
  );
  return dir;
}

/** Writes a jar (a zip with one entry) with `content` inside, using the JDK's `jar`. */
export async function makeJar(file: string, content: string): Promise<string> {
  const staging = `${file}.d`;
  await mkdir(staging, { recursive: true });
  await writeFile(path.join(staging, 'content.txt'), content);
  await new Promise<void>((resolve, reject) => {
    execFile('jar', ['cf', file, '-C', staging, 'content.txt'], (error) =>
      error ? reject(error) : resolve(),
    );
  });
  return file;
}

export function pomXml(coordinates: Coordinates, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>${coordinates.groupId}</groupId>
  <artifactId>${coordinates.artifactId}</artifactId>
  <version>${coordinates.version}</version>
  <packaging>jar</packaging>
  ${extra}
</project>
`;
}
