// Block transfer over NATS request/reply: `open` (reply: size, chunk size, a transfer id and the first
// chunk), `chunk` (reply: chunk `index`), `close` (fire-and-forget). Control lives in headers; bodies
// are raw block bytes. Errors reply with a JSON WireError in the `flint-block-error` header.
import type { Address, WireMessage } from '../transport/index.js';

/** Path of the block transfer endpoint on every node. */
export const BLOCKS_PATH = 'blocks/transfer';

export const blocksAddress = (node: string): Address => ({ node, path: BLOCKS_PATH });

/** Bytes of each chunk left for headers under the server's max_payload. */
export const HEADER_ALLOWANCE = 1024;

export const H = {
  op: 'flint-block-op',
  blockId: 'flint-block-id',
  transfer: 'flint-block-transfer',
  index: 'flint-block-index',
  size: 'flint-block-size',
  chunk: 'flint-block-chunk',
  error: 'flint-block-error',
} as const;

export type BlockOp = 'open' | 'chunk' | 'close';

const EMPTY = new Uint8Array(0);

export function controlMessage(headers: Record<string, string>, body: Uint8Array = EMPTY): WireMessage {
  return { headers, body };
}
