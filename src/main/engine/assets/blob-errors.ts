/** What the blob store's own errors mean to a client storing an asset. */
import { BlobDigestMismatchError, BlobKeyError, BlobTooLargeError } from '../../store/blob-store';
import { ServiceQuotaExceededException, ValidationException } from '../errors';

export function blobError(error: unknown, assetName: string): unknown {
  if (error instanceof BlobDigestMismatchError) {
    return new ValidationException(
      `The content of asset '${assetName}' has SHA-256 ${error.actualSha256}, but the request declared ` +
        `${error.expectedSha256} (x-amz-content-sha256); nothing was stored.`,
    );
  }
  if (error instanceof BlobTooLargeError) {
    return new ServiceQuotaExceededException(
      `Asset '${assetName}' is larger than the ${error.maxBytes}-byte limit for one asset; nothing was stored.`,
      assetName,
      'asset',
    );
  }
  if (error instanceof BlobKeyError) return new ValidationException(error.message);
  return error;
}
