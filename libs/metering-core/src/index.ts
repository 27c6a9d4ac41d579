export * from './price-resolver';
export * from './rows';
