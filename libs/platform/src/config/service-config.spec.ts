import { describeConfig, loadConfig } from './load-config';
import { keyEncryptionKeysConfigSpec } from './service-config';

describe('keyEncryptionKeysConfigSpec', () => {
  const keks = 'kek1:c3dpdGNoeWFyZC1kZXYta2VrLW5vdC1mb3ItcHJvZCE=';

  it('reads SWITCHYARD_KEKS the same way for every service', () => {
    expect(loadConfig(keyEncryptionKeysConfigSpec('required'), { SWITCHYARD_KEKS: keks })).toEqual({ keyEncryptionKeys: keks });
    expect(loadConfig(keyEncryptionKeysConfigSpec('optional'), { SWITCHYARD_KEKS: keks })).toEqual({ keyEncryptionKeys: keks });
    expect(describeConfig(keyEncryptionKeysConfigSpec('required'))[0]?.description).toBe(
      describeConfig(keyEncryptionKeysConfigSpec('optional'))[0]?.description,
    );
  });

  it('refuses to start a service that needs keys without them, and lets the optional one run without', () => {
    expect(() => loadConfig(keyEncryptionKeysConfigSpec('required'), {})).toThrow('SWITCHYARD_KEKS is required');
    expect(loadConfig(keyEncryptionKeysConfigSpec('optional'), {})).toEqual({ keyEncryptionKeys: '' });
  });
});
