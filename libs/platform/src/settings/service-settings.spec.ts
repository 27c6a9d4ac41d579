import { describeSettings, loadSettings } from './load-settings';
import { keyEncryptionKeysSettingsSpec } from './service-settings';

describe('keyEncryptionKeysSettingsSpec', () => {
  const keks = 'kek1:c3dpdGNoeWFyZC1kZXYta2VrLW5vdC1mb3ItcHJvZCE=';

  it('reads SWITCHYARD_KEKS the same way for every service', () => {
    expect(loadSettings(keyEncryptionKeysSettingsSpec('required'), { SWITCHYARD_KEKS: keks })).toEqual({ keyEncryptionKeys: keks });
    expect(loadSettings(keyEncryptionKeysSettingsSpec('optional'), { SWITCHYARD_KEKS: keks })).toEqual({ keyEncryptionKeys: keks });
    expect(describeSettings(keyEncryptionKeysSettingsSpec('required'))[0]?.description).toBe(
      describeSettings(keyEncryptionKeysSettingsSpec('optional'))[0]?.description,
    );
  });

  it('refuses to start a service that needs keys without them, and lets the optional one run without', () => {
    expect(() => loadSettings(keyEncryptionKeysSettingsSpec('required'), {})).toThrow('SWITCHYARD_KEKS is required');
    expect(loadSettings(keyEncryptionKeysSettingsSpec('optional'), {})).toEqual({ keyEncryptionKeys: '' });
  });
});
