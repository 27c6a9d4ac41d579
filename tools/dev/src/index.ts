export * from './config-seeder';
export * from './free-port';
export * from './service-process';
export * from './stack';
export * from './demo-setup';
export * from './catalog-import';
export * from './config-log-writer';
export * from './round-robin-proxy';
