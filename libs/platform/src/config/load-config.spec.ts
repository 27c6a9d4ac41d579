import { boolVar, ConfigError, intVar, listVar, stringVar } from './config-field';
import { describeConfig, loadConfig } from './load-config';

const spec = {
  port: intVar('TEST_PORT', 'HTTP port', { default: 8080, min: 1, max: 65535 }),
  brokers: listVar('TEST_BROKERS', 'Kafka brokers'),
  verbose: boolVar('TEST_VERBOSE', 'Verbose', { default: false }),
  name: stringVar('TEST_NAME', 'Name', { default: 'x' }),
};

describe('loadConfig', () => {
  it('reads values and applies defaults', () => {
    const config = loadConfig(spec, { TEST_BROKERS: 'a:1, b:2', TEST_VERBOSE: 'yes' });
    expect(config).toEqual({ port: 8080, brokers: ['a:1', 'b:2'], verbose: true, name: 'x' });
  });

  it('reports every problem at once', () => {
    try {
      loadConfig(spec, { TEST_PORT: '99999', TEST_VERBOSE: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'TEST_PORT must be <= 65535, got 99999',
        'TEST_BROKERS is required (Kafka brokers)',
        'TEST_VERBOSE must be true or false, got "maybe"',
      ]);
    }
  });

  it('rejects non-integers', () => {
    expect(() => loadConfig(spec, { TEST_BROKERS: 'a', TEST_PORT: '80x' })).toThrow('TEST_PORT must be an integer');
  });

  it('describes the spec for documentation', () => {
    expect(describeConfig(spec)[1]).toEqual({ env: 'TEST_BROKERS', defaultText: '(required)', description: 'Kafka brokers' });
  });
});
