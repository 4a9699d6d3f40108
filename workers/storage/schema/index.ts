export * from './accounts';
export * from './catalog';
export * from './links';
export * from './orders';
export * from './groups';
export * from './ledger';
export * from './buyers';
export * from './audit';
