export * from './config-sync';
export * from './config-writer';
