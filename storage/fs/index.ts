// storage/fs: the FileSystem port, its local and S3 implementations, and table file discovery.
export * from './file-system.js';
export { LocalFileSystem, localPath } from './local-file-system.js';
export { S3FileSystem, s3SettingsFromConf, parseS3Uri, type S3Settings } from './s3-file-system.js';
export { fileSystemFor } from './file-system-for.js';
export { discoverFiles, DEFAULT_PARTITION_NAME, type DiscoveredFiles, type PartitionedFile } from './partition-discovery.js';
