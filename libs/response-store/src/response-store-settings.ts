import { intVar, stringVar } from '@switchyard/platform';

/** Where the Responses API keeps stored responses, and for how long. */
export const responseStoreSettingsSpec = {
  redisUrl: stringVar('REDIS_URL', 'Redis keeping stored Responses API responses (shared by every ingress replica)', {
    default: 'redis://127.0.0.1:16379',
  }),
  responsesKeyPrefix: stringVar(
    'RESPONSES_KEY_PREFIX',
    'Prefix of every stored-response key (<prefix>:resp:<tenant>:<id>; lets environments and test runs share a Redis)',
    { default: 'switchyard' },
  ),
  responsesRetentionDays: intVar(
    'RESPONSES_RETENTION_DAYS',
    'Days a stored response (and its input items) is kept before Redis expires it',
    {
      default: 30,
      min: 1,
    },
  ),
};

export interface ResponseStoreSettings {
  readonly redisUrl: string;
  readonly responsesKeyPrefix: string;
  readonly responsesRetentionDays: number;
}
