// Mutual shared-secret handshake of the block socket: the server sends a random nonce, the client
// answers with its own nonce and HMAC-SHA256(secret, "client" ‖ both nonces), the server proves
// itself with HMAC(secret, "server" ‖ both nonces). The secret never crosses the wire; replies to
// old nonces are useless. Without TLS the blocks themselves travel in clear (loopback by default).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const NONCE_BYTES = 32;
const LABEL = 'flint-blocks/1';

export function nonce(): Buffer {
  return randomBytes(NONCE_BYTES);
}

export function proof(secret: Uint8Array, role: 'client' | 'server', serverNonce: Uint8Array, clientNonce: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${LABEL} ${role}`).update(serverNonce).update(clientNonce).digest();
}

export function proofMatches(expected: Buffer, actual: Uint8Array): boolean {
  return actual.byteLength === expected.byteLength && timingSafeEqual(expected, actual);
}
