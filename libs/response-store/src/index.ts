export * from './redis-response-store';
export * from './response-store-settings';
