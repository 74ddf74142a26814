// A result task's value as bytes for the driver: checked to be plain data first (the codec would
// silently drop functions), then encoded with the task value codec.
import { checkShippable } from './shippable-check.js';
import { encodeTaskValue } from './task-protocol.js';

/** Encodes `value`; throws NOT_SERIALIZABLE naming `what` when part of it is not plain data. */
export function shippedTaskValue(value: unknown, what: string): Uint8Array {
  checkShippable(value, what);
  return encodeTaskValue(value);
}
