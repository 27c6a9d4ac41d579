import { addressListVar, boolVar, SettingsError, intVar, listVar, stringVar, utcTimeOfDayVar } from './settings-field';
import { describeSettings, loadSettings } from './load-settings';

const spec = {
  port: intVar('TEST_PORT', 'HTTP port', { default: 8080, min: 1, max: 65535 }),
  brokers: listVar('TEST_BROKERS', 'Kafka brokers'),
  verbose: boolVar('TEST_VERBOSE', 'Verbose', { default: false }),
  name: stringVar('TEST_NAME', 'Name', { default: 'x' }),
};

describe('loadSettings', () => {
  it('reads values and applies defaults', () => {
    const config = loadSettings(spec, { TEST_BROKERS: 'a:1, b:2', TEST_VERBOSE: 'yes' });
    expect(config).toEqual({ port: 8080, brokers: ['a:1', 'b:2'], verbose: true, name: 'x' });
  });

  it('reports every problem at once', () => {
    try {
      loadSettings(spec, { TEST_PORT: '99999', TEST_VERBOSE: 'maybe' });
      throw new Error('expected a SettingsError');
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).problems).toEqual([
        'TEST_PORT must be <= 65535, got 99999',
        'TEST_BROKERS is required (Kafka brokers)',
        'TEST_VERBOSE must be true or false, got "maybe"',
      ]);
    }
  });

  it('rejects non-integers', () => {
    expect(() => loadSettings(spec, { TEST_BROKERS: 'a', TEST_PORT: '80x' })).toThrow('TEST_PORT must be an integer');
  });

  it('describes the spec for documentation', () => {
    expect(describeSettings(spec)[1]).toEqual({ env: 'TEST_BROKERS', defaultText: '(required)', description: 'Kafka brokers' });
  });

  it('accepts IP addresses and CIDR ranges, and names the entry that is neither', () => {
    const proxies = { proxies: addressListVar('TEST_PROXIES', 'Proxies', { default: [] }) };
    expect(loadSettings(proxies, {})).toEqual({ proxies: [] });
    expect(loadSettings(proxies, { TEST_PROXIES: '10.0.0.0/8, 127.0.0.1,::1, fd00::/8' })).toEqual({
      proxies: ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8'],
    });
    for (const bad of ['10.0.0.0/33', 'lb.internal', '10.0.0.1/8/8', '::1/129', '10.0.0.0/x']) {
      expect(() => loadSettings(proxies, { TEST_PROXIES: `127.0.0.1,${bad}` })).toThrow(
        `TEST_PROXIES must list IP addresses or CIDR ranges, got "${bad}"`,
      );
    }
  });

  it('reads a daily UTC time, "off" as disabled, and shows the default as HH:MM', () => {
    const daily = { at: utcTimeOfDayVar('TEST_AT', 'Daily at', { default: { hour: 0, minute: 30 } }) };
    expect(loadSettings(daily, {})).toEqual({ at: { hour: 0, minute: 30 } });
    expect(loadSettings(daily, { TEST_AT: '23:05' })).toEqual({ at: { hour: 23, minute: 5 } });
    expect(loadSettings(daily, { TEST_AT: 'off' })).toEqual({ at: null });
    expect(describeSettings(daily)[0]?.defaultText).toBe('00:30');
    expect(() => loadSettings(daily, { TEST_AT: '25:00' })).toThrow('TEST_AT must be HH:MM (UTC) or off, got "25:00"');
  });
});
