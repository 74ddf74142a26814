// common: errors, config, ids, clock and logging shared by every layer.
export * from './errors.js';
export * from './clock.js';
export * from './ids.js';
export * from './redact.js';
export * from './logging.js';
export * from './config.js';
