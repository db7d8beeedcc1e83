export * from './org';
export * from './audit';
export * from './rules';
export * from './claims';
export * from './publicity';
export * from './weekly';
export * from './bulletin';
