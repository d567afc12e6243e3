/**
 * The `app.*` operations: facts about the local service (status, credentials), rotating its access
 * key, and saving an asset through a native dialog. Both the desktop bridge and the web console run
 * them; each front door supplies what it can (the console has no save dialog).
 */
import type { GetPackageVersionAssetRequest } from '@aws-sdk/client-codeartifact';
import type {
  AppOperationName,
  AppOperations,
  LocalCredentials,
  SaveAssetResult,
} from '../../shared/app-operations';
import type { AppStatus } from '../../shared/app-status';
import { ValidationException } from '../engine/errors';

export interface AppOperationDeps {
  status(): AppStatus;
  credentials(): LocalCredentials;
  /** Replaces the access key everywhere it is checked and kept; returns the new one. */
  rotateCredentials(): LocalCredentials | Promise<LocalCredentials>;
  /** Absent where there is no native dialog (the web console). */
  saveAsset?: (input: GetPackageVersionAssetRequest) => Promise<SaveAssetResult>;
}

export type AppOperationHandlers = {
  readonly [O in AppOperationName]: (input: AppOperations[O]['input']) => Promise<AppOperations[O]['output']>;
};

export function createAppOperations(deps: AppOperationDeps): AppOperationHandlers {
  return {
    'app.status': async () => deps.status(),
    'app.credentials': async () => {
      const { accessKeyId, secretAccessKey } = deps.credentials();
      return { accessKeyId, secretAccessKey };
    },
    'app.rotateCredentials': async () => {
      const { accessKeyId, secretAccessKey } = await deps.rotateCredentials();
      return { accessKeyId, secretAccessKey };
    },
    'app.saveAsset': async (input) => {
      if (!deps.saveAsset) {
        throw new ValidationException(
          'app.saveAsset needs the desktop app; the web console downloads assets from /console/asset.',
          'OTHER',
        );
      }
      return deps.saveAsset(input);
    },
  };
}
