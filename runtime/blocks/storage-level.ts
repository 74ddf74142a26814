// Storage levels (Spark's StorageLevel): where a block may live. Flint keeps every block as bytes
// (Arrow IPC or msgpack), so the _SER levels store exactly what the plain ones do.

export interface StorageLevel {
  readonly name: string;
  readonly useMemory: boolean;
  readonly useDisk: boolean;
}

export const StorageLevels = {
  NONE: { name: 'NONE', useMemory: false, useDisk: false },
  MEMORY_ONLY: { name: 'MEMORY_ONLY', useMemory: true, useDisk: false },
  MEMORY_ONLY_SER: { name: 'MEMORY_ONLY_SER', useMemory: true, useDisk: false },
  MEMORY_AND_DISK: { name: 'MEMORY_AND_DISK', useMemory: true, useDisk: true },
  MEMORY_AND_DISK_SER: { name: 'MEMORY_AND_DISK_SER', useMemory: true, useDisk: true },
  DISK_ONLY: { name: 'DISK_ONLY', useMemory: false, useDisk: true },
} as const satisfies Record<string, StorageLevel>;

export type StorageLevelName = keyof typeof StorageLevels;

/** The level named `name` (as in `persist(StorageLevel.MEMORY_AND_DISK)`), or undefined. */
export function storageLevelByName(name: string): StorageLevel | undefined {
  return Object.hasOwn(StorageLevels, name) ? StorageLevels[name as StorageLevelName] : undefined;
}
