import { intVar, listVar, stringVar } from '@switchyard/platform';

/** Where the Responses API keeps stored responses, and for how long. */
export const responseStoreSettingsSpec = {
  redisUrl: stringVar('REDIS_URL', 'Redis keeping stored Responses API responses (shared by every ingress replica)', {
    default: 'redis://127.0.0.1:16379',
  }),
  responsesRedisRegion: stringVar(
    'RESPONSES_REDIS_REGION',
    "Region REDIS_URL's data lives in; empty: unpinned, so it keeps only tenants without allowed regions",
    { default: '' },
  ),
  responsesRedisRegionUrls: listVar(
    'RESPONSES_REDIS_REGION_URLS',
    'Regional stores for region-pinned tenants, as region=redis-url pairs (eu-west=redis://redis.eu:6379/0,…)',
    { default: [] },
  ),
  responsesKeyPrefix: stringVar(
    'RESPONSES_KEY_PREFIX',
    'Prefix of every stored-response key (<prefix>:resp:<tenant>:<id>; lets environments and test runs share a Redis)',
    { default: 'switchyard' },
  ),
  responsesRetentionDays: intVar(
    'RESPONSES_RETENTION_DAYS',
    'Days a stored response (and its input items) is kept, for tenants whose raw_log_retention_days is 0',
    { default: 30, min: 1 },
  ),
};

export interface ResponseStoreSettings {
  readonly redisUrl: string;
  readonly responsesRedisRegion: string;
  readonly responsesRedisRegionUrls: readonly string[];
  readonly responsesKeyPrefix: string;
  readonly responsesRetentionDays: number;
}

/** One Redis holding stored responses, and the region its data lives in ('' for the unpinned default store). */
export interface StoreLocation {
  readonly region: string;
  readonly url: string;
}

/** The default store and every regional one, checked (a bad pair stops ingress at start, naming it). */
export function storeLocations(settings: ResponseStoreSettings): StoreLocation[] {
  const locations: StoreLocation[] = [{ region: settings.responsesRedisRegion.trim(), url: settings.redisUrl }];
  for (const pair of settings.responsesRedisRegionUrls) {
    const eq = pair.indexOf('=');
    const region = pair.slice(0, eq).trim();
    const url = pair.slice(eq + 1).trim();
    if (eq <= 0 || !/^rediss?:\/\//.test(url)) {
      throw new Error(`RESPONSES_REDIS_REGION_URLS entries are region=redis://host:port[/db], got "${pair}"`);
    }
    if (locations.some((l) => l.region === region)) throw new Error(`RESPONSES_REDIS_REGION_URLS names region "${region}" twice`);
    locations.push({ region, url });
  }
  return locations;
}
