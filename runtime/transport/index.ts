// runtime/transport: the Transport port, the envelope codec, and its in-process and NATS implementations.
export * from './transport.js';
export * from './envelope.js';
export { InProcessHub, InProcessTransport, DEFAULT_MAX_PAYLOAD, type InProcessTransportOptions } from './in-process-transport.js';
export { linkHubToPort, type HubLink } from './worker-bridge.js';
export { NatsTransport, type NatsTransportOptions } from './nats-transport.js';
export { connectNats, type NatsConnectOptions, type NatsTlsOptions } from './nats-connection.js';
export { checkBindSecurity, isLoopbackHost, type BindSecurityVerdict } from './security.js';
export { actorSubject, topicSubject, parseActorSubject, parseTopicSubject } from './subjects.js';
