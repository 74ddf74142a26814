// runtime: the distributed core's public surface — actors, transports, cluster services.
export * from './actors/index.js';
export * from './transport/index.js';
export * from './cluster/cluster-protocol.js';
export { startNodeService, masterRef, type NodeService, type NodeServiceOptions } from './cluster/node-service.js';
export { startMasterService, type MasterService, type MasterServiceOptions } from './cluster/master-service.js';
export { listenToMembership, type MembershipListener } from './cluster/membership-listener.js';
export { detectResources, sampleLoad, type NodeResources, type LoadSample } from './node/resources.js';
export { startLocalCluster, joinLocalCluster, type LocalCluster, type LocalClusterOptions } from './local/local-mode.js';
export * as rdd from './rdd/index.js';
export * as scheduler from './scheduler/index.js';
export * as blocks from './blocks/index.js';
export * as driver from './driver/index.js';
