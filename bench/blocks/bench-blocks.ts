// Shared by the block transfer benchmark and its peer process: the peer's ready line, the block
// contents (a fixed pattern, so the fetching side can verify bytes without a second copy), names.

export const READY_PREFIX = 'BLOCKS-PEER-READY ';
export const PEER_NODE = 'bench-peer';
export const CLUSTER = 'bench';
/** The shared block-socket secret travels to the peer in this environment variable, never in argv. */
export const SECRET_ENV = 'FLINT_BENCH_BLOCK_SECRET';

export interface PeerReady {
  readonly socketPort: number;
  readonly rawPort: number;
}

/** The bytes of every served block: byte i is (i * 31 + 7) mod 256. */
export function patternBlock(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + 7) & 255;
  return out;
}
