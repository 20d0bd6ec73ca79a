export * from './config.ts';
export * from './configFromEnv.ts';
export * from './errors.ts';
export * from './jwt.ts';
export * from './protocol.ts';
