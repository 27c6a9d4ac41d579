export * from './redis-response-store';
export * from './regional-response-store';
export * from './response-store-settings';
export * from './store-region';
