export * from './constructs/bundle';
export * from './constructs/default-role';
export * from './constructs/directory';
export * from './constructs/enums';
export * from './constructs/ip-group';
export * from './constructs/workspace';
