import { DEFAULT_SETTINGS, isInspectorRequested, readSettings } from '../../src/settings';

describe('readSettings', () => {
  it('takes valid values and falls back per field on bad ones', () => {
    expect(
      readSettings({
        defaultSyncLevel: 'checksum',
        defaultVerifyChecksum: false,
        pollIntervalSeconds: 'soon',
        debugInspector: 1
      })
    ).toEqual({
      defaultSyncLevel: 'checksum',
      defaultVerifyChecksum: false,
      pollIntervalSeconds: DEFAULT_SETTINGS.pollIntervalSeconds,
      debugInspector: false
    });
    expect(readSettings({ defaultSyncLevel: 'sometimes' }).defaultSyncLevel).toBe('none');
    expect(readSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('turns the inspector on by setting or by the ?xstate-inspect flag', () => {
    expect(isInspectorRequested(DEFAULT_SETTINGS, '')).toBe(false);
    expect(isInspectorRequested(DEFAULT_SETTINGS, '?reset&xstate-inspect')).toBe(true);
    expect(isInspectorRequested({ ...DEFAULT_SETTINGS, debugInspector: true }, '')).toBe(true);
  });
});
