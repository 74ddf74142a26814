// The executor's BlockManager seen per application: shuffle, RDD and result block ids repeat across
// applications, so each is stored under a local key naming its application. The key is also a safe
// file name for the DiskStore (the wire form `<appId>/<block>` would be a sub-directory there).
import type { BlockManager } from '../blocks/block-manager.js';
import type { StorageLevel } from '../blocks/storage-level.js';
import { splitAppBlockName } from './task-protocol.js';

// encodeURIComponent escapes '+' (and '/'), so the first '+' of a key ends the app id.
const SEP = '+';

export function localBlockKey(appId: string, blockName: string): string {
  return `${encodeURIComponent(appId)}${SEP}${blockName}`;
}

export function parseLocalBlockKey(key: string): { readonly appId: string; readonly blockName: string } | undefined {
  const i = key.indexOf(SEP);
  if (i <= 0) return undefined;
  try {
    return { appId: decodeURIComponent(key.slice(0, i)), blockName: key.slice(i + 1) };
  } catch {
    return undefined;
  }
}

export class AppBlockStore {
  constructor(readonly manager: BlockManager) {}

  get(appId: string, blockName: string): Promise<Uint8Array | undefined> {
    return this.manager.getLocal(localBlockKey(appId, blockName));
  }

  put(appId: string, blockName: string, bytes: Uint8Array, level: StorageLevel): Promise<boolean> {
    return this.manager.put(localBlockKey(appId, blockName), bytes, level);
  }

  remove(appId: string, blockName: string): Promise<boolean> {
    return this.manager.remove(localBlockKey(appId, blockName));
  }

  /** Removes the application's blocks whose (unscoped) name matches; returns how many. */
  removeWhere(appId: string, matches: (blockName: string) => boolean): Promise<number> {
    const prefix = localBlockKey(appId, '');
    return this.manager.removeMatching((key) => key.startsWith(prefix) && matches(key.slice(prefix.length)));
  }

  /** The application's block names stored here (unscoped). */
  blockNames(appId: string): string[] {
    const prefix = localBlockKey(appId, '');
    return this.manager.blockIds().filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  /** The socket server's source: peers ask for `<appId>/<block>` names. */
  serve(wireName: string): Promise<Uint8Array | undefined> {
    const scoped = splitAppBlockName(wireName);
    return scoped ? this.get(scoped.appId, scoped.blockName) : Promise.resolve(undefined);
  }
}
