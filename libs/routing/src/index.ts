export * from './execution/attempt-port';
export * from './execution/deployment-target';
export * from './execution/failover';
export * from './execution/route-executor';
export * from './planning/model-catalog';
export * from './planning/required-capabilities';
export * from './planning/route-plan';
