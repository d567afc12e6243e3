import { describe, expect, it } from 'vitest';
import { connectFormats } from '../../src/renderer/src/lib/connect-config';
import {
  actionsFor,
  actionsForAll,
  isIrreversible,
  statusTargets,
} from '../../src/renderer/src/lib/version-actions';

describe('version actions by status', () => {
  it('offers a disposed version only delete, and never copies what has nothing complete', () => {
    expect(actionsFor('Disposed')).toEqual(['delete']);
    expect(actionsFor('Unfinished')).not.toContain('copy');
    expect(actionsFor('Published')).toEqual(['status', 'copy', 'dispose', 'delete']);
    expect(actionsFor('Archived')).toContain('status');
  });

  it('offers a selection only what applies to every selected version', () => {
    expect(actionsForAll(['Published', 'Disposed'])).toEqual(['delete']);
    expect(actionsForAll(['Published', 'Unfinished'])).toEqual(['status', 'dispose', 'delete']);
  });

  it('moves a status only to another status; a mixed selection may take any', () => {
    expect(statusTargets(['Archived'])).toEqual(['Published', 'Unlisted']);
    expect(statusTargets(['Archived', 'Published'])).toEqual(['Published', 'Unlisted', 'Archived']);
  });

  it('marks dispose and delete as irreversible, nothing else', () => {
    expect(
      ['status', 'copy', 'dispose', 'delete'].filter((action) => isIrreversible(action as never)),
    ).toEqual(['dispose', 'delete']);
  });
});

describe('Connect formats', () => {
  it('offers the served formats (plus generic, reached through the API) and nothing else', () => {
    expect(connectFormats(['maven', 'npm', 'pypi'])).toEqual(['npm', 'pypi', 'maven', 'generic']);
    expect(connectFormats(['npm', 'cargo'])).toEqual(['npm', 'cargo', 'generic']);
  });
});
