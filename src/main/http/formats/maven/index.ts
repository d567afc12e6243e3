/**
 * The Maven endpoint: the plain HTTP repository layout that Maven, Gradle and other Maven-layout
 * clients read and deploy to, with Basic `aws:TOKEN` authentication.
 */
import type { FormatHandler, FormatRequest } from '../format-request';
import { parseMavenPath } from './maven-path';
import { serveArtifactMetadata, serveFile, serveSnapshotMetadata } from './maven-reads';
import { MavenHttpError, writeText } from './maven-response';
import { uploadArtifactMetadata, uploadFile, uploadSnapshotMetadata } from './maven-uploads';

async function route(request: FormatRequest): Promise<void> {
  const method = request.req.method ?? 'GET';
  const path = parseMavenPath(request.path);
  if (method === 'GET' || method === 'HEAD') {
    if (!path)
      throw new MavenHttpError(404, `'/${request.path}' is not a file of the Maven repository layout.`);
    if (path.kind === 'file') return serveFile(request, path);
    if (path.kind === 'artifact-metadata') return serveArtifactMetadata(request, path);
    return serveSnapshotMetadata(request, path);
  }
  if (method === 'PUT') {
    if (!path) {
      throw new MavenHttpError(
        400,
        `'/${request.path}' is not a path of the Maven layout ({group}/{artifact}/{version}/{file}).`,
      );
    }
    if (path.kind === 'file') return uploadFile(request, path);
    if (path.kind === 'artifact-metadata') return uploadArtifactMetadata(request, path);
    return uploadSnapshotMetadata(request, path);
  }
  request.res.setHeader('Allow', 'GET, HEAD, PUT');
  throw new MavenHttpError(
    405,
    `${method} is not supported by the Maven repository endpoint; use GET, HEAD or PUT.`,
  );
}

export const mavenHandler: FormatHandler = {
  challenge: 'Basic',
  async handle(request) {
    try {
      await route(request);
    } catch (error) {
      if (!(error instanceof MavenHttpError)) throw error;
      if (request.res.headersSent) {
        request.res.destroy();
        return;
      }
      if (!request.req.complete) {
        request.res.setHeader('Connection', 'close');
        request.req.resume();
      }
      writeText(request, error.status, error.message);
    }
  },
  writeError(target, status, message) {
    writeText(target, status, message);
  },
};
