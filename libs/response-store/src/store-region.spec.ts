import { storeRegionFor } from './store-region';
import { storeLocations } from './response-store-settings';

const settings = {
  redisUrl: 'redis://default:6379',
  responsesRedisRegion: '',
  responsesRedisRegionUrls: ['eu-west=redis://eu:6379/1', 'us-east=redis://us:6379'],
  responsesKeyPrefix: 'p',
  responsesRetentionDays: 30,
};

describe('storeRegionFor', () => {
  const regions = new Set(storeLocations(settings).map((l) => l.region));

  it('keeps an unpinned tenant in the default store', () => {
    expect(storeRegionFor([], regions, '')).toBe('');
  });

  it('keeps a pinned tenant in the first of its regions that has a store, never in the default one', () => {
    expect(storeRegionFor(['eu-west'], regions, '')).toBe('eu-west');
    expect(storeRegionFor(['ap-south', 'us-east', 'eu-west'], regions, '')).toBe('us-east');
  });

  it('finds no store for a tenant pinned where no store is', () => {
    expect(storeRegionFor(['ap-south'], regions, '')).toBeNull();
  });

  it('uses a default store that declares a region for unpinned tenants and for tenants pinned there', () => {
    const withRegion = new Set(
      storeLocations({ ...settings, responsesRedisRegion: 'ap-south', responsesRedisRegionUrls: [] }).map((l) => l.region),
    );
    expect(storeRegionFor(['ap-south'], withRegion, 'ap-south')).toBe('ap-south');
    expect(storeRegionFor([], withRegion, 'ap-south')).toBe('ap-south');
  });
});

describe('storeLocations', () => {
  it('refuses a pair without a Redis URL, or a region named twice', () => {
    expect(() => storeLocations({ ...settings, responsesRedisRegionUrls: ['eu-west'] })).toThrow(/region=redis/);
    expect(() => storeLocations({ ...settings, responsesRedisRegionUrls: ['eu-west=http://x'] })).toThrow(/region=redis/);
    expect(() => storeLocations({ ...settings, responsesRedisRegionUrls: ['a=redis://x', 'a=redis://y'] })).toThrow(/twice/);
  });
});
