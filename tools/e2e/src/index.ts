export * from './test-stack';
export * from './webhook-receiver';
