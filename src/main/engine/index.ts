/**
 * The engine's public face: the operation table, the context it runs in, and the helpers other parts
 * of the service (format endpoints, the UI bridge) call directly.
 */
import type { EngineConfig, EngineContext } from './context';
import type { Store } from '../store/types';
import { recordingStore } from './activity/recording-store';

export type { EngineConfig, EngineContext } from './context';
export { engineHandlers, type EngineHandlers, type Handler } from './handlers';
export { verifyAuthorizationToken, type VerifiedAuthorizationToken } from './tokens/authorization-tokens';
export { externalConnectionFormats } from './repositories/external-connections';
export { domainArn, packageGroupArn, parseCodeArtifactArn, repositoryArn } from './arn';
export { storeAssetBlob, sweepOrphanBlobs } from './assets/asset-blobs';
export { openLeasedAsset } from './assets/open-asset';
export { publishFormatVersion } from './package-versions/publish-format-version';
export { listDistTags, removeDistTag, setDistTag } from './packages/dist-tags';
export { resolvePackageVersion } from './upstreams/resolve-package-version';
export { listPackageVersionsThroughUpstreams } from './upstreams/versions-through-upstreams';

export function createEngineContext(
  store: Store,
  config: EngineConfig,
  now: () => Date = () => new Date(),
): EngineContext {
  return { store: recordingStore(store, now), config, now };
}
