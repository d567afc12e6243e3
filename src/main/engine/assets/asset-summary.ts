/** AssetSummary as the API returns it: name, size and the four hashes keyed as HashAlgorithm spells them. */
import type { AssetSummary, HashAlgorithm } from '@aws-sdk/client-codeartifact';
import type { BlobHashes } from '../../store/types';

export function assetHashes(
  hashes: Pick<BlobHashes, 'md5' | 'sha1' | 'sha256' | 'sha512'>,
): Record<HashAlgorithm, string> {
  return { MD5: hashes.md5, 'SHA-1': hashes.sha1, 'SHA-256': hashes.sha256, 'SHA-512': hashes.sha512 };
}

export function assetSummary(
  name: string,
  hashes: Pick<BlobHashes, 'md5' | 'sha1' | 'sha256' | 'sha512' | 'size'>,
): AssetSummary {
  return { name, size: hashes.size, hashes: assetHashes(hashes) };
}
