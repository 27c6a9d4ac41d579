export * from './config-seeder';
export * from './free-port';
export * from './service-process';
export * from './stack';
export * from './demo-setup';
export * from './round-robin-proxy';
