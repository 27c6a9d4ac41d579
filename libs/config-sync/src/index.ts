export * from './config-sync';
export * from './config-writer';
export * from './config-log.module';
