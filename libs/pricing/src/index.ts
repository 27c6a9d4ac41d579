export * from './price';
export * from './price-table';
export * from './price-resolver';
