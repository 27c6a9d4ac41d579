export * from './chain/audit-entry';
export * from './chain/config-event-facts';
export * from './chain/hash-chain';
export * from './retention/retention-job';
export * from './store/audit-list';
export * from './store/audit-store';
export * from './store/audit-writer';
export * from './store/chain-metrics';
