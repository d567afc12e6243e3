/**
 * Names of assets published through PublishPackageVersion. The API reference allows Unicode letters
 * and numbers and the characters ~ ! @ ^ & ( ) - ` _ + [ ] { } ; , . in a generic asset's name;
 * anything else (spaces, slashes, quotes…) is refused before a byte of the body is read.
 */
import { ValidationException } from '../errors';

const allowed = /^[\p{L}\p{N}~!@^&()\-`_+[\]{};,.]+$/u;

export function checkGenericAssetName(name: string | undefined): string {
  if (typeof name !== 'string' || name === '') {
    throw new ValidationException(`The request is missing the required member 'assetName'.`);
  }
  if ([...name].length > 255)
    throw new ValidationException('An asset name can be at most 255 characters long.');
  if (name === '.' || name === '..') throw new ValidationException(`'${name}' cannot be an asset name.`);
  if (!allowed.test(name)) {
    const bad = [...name].find((char) => !allowed.test(char)) ?? '';
    throw new ValidationException(
      `Asset name '${name}' contains ${JSON.stringify(bad)}; asset names can hold Unicode letters and numbers and ` +
        'the characters ~ ! @ ^ & ( ) - ` _ + [ ] { } ; , .',
    );
  }
  return name;
}
