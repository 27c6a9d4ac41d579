export * from './rows';
export * from './billing-csv';
export * from './billing-report';
export * from './caller';
export * from './usage-query';
export * from './usage-ledger';
export * from './reconciliation';
export * from './provider-reports/provider-usage-row';
