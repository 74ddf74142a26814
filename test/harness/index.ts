// Test harnesses: real servers on free loopback ports, started and stopped by each test.
export * from './free-port.js';
export * from './redis-server.js';
export * from './nats-server.js';
export * from './tls.js';
export * from './nats-auth.js';
export * from './flint-process.js';
export * from './test-cluster.js';
