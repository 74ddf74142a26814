// The one module that builds NATS subjects. Actor addresses map to `flint.<cluster>.actor.<node>.<path…>`
// (each `/`-separated path segment is one token, so addresses round-trip exactly) and broadcast topics
// to `flint.<cluster>.topic.<name>`. Every token is validated: no empty tokens, dots, wildcards or spaces.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { Address } from './transport.js';

/** Root token of every Flint subject. */
export const SUBJECT_ROOT = 'flint';

/** Which part of a subject a token came from (named in errors). */
export type TokenRole = 'cluster' | 'node' | 'path segment' | 'topic' | 'principal';

// Anything NATS treats specially inside a subject token, plus control characters.
const FORBIDDEN = /[\s.*>\u0000-\u001f\u007f]/u;

/** Throws INVALID_ARGUMENT naming the token and its role unless `token` is a valid subject token. */
export function validateToken(token: string, role: TokenRole): string {
  if (token.length === 0) {
    throw new EngineError(ErrorCode.InvalidArgument, `NATS subject ${role} must not be empty`, { fields: { role, token } });
  }
  const bad = FORBIDDEN.exec(token);
  if (bad) {
    const what = bad[0] === '.' ? 'a dot' : bad[0] === '*' || bad[0] === '>' ? `the wildcard '${bad[0]}'` : 'whitespace or a control character';
    throw new EngineError(ErrorCode.InvalidArgument,
      `NATS subject ${role} ${JSON.stringify(token)} contains ${what}; tokens may not contain dots, wildcards or spaces`,
      { fields: { role, token } });
  }
  return token;
}

function pathTokens(path: string): string[] {
  return path.split('/').map((segment) => validateToken(segment, 'path segment'));
}

/** `flint.<cluster>` — prefix of every subject of one cluster. */
export function clusterPrefix(cluster: string): string {
  return `${SUBJECT_ROOT}.${validateToken(cluster, 'cluster')}`;
}

/** The subject an actor listens on: `flint.<cluster>.actor.<node>.<path tokens>`. */
export function actorSubject(cluster: string, address: Address): string {
  return [clusterPrefix(cluster), 'actor', validateToken(address.node, 'node'), ...pathTokens(address.path)].join('.');
}

/** Wildcard for every actor of a node (`flint.<cluster>.actor.<node>.>`), or of the cluster without `node`. */
export function actorWildcard(cluster: string, node?: string): string {
  return node === undefined
    ? `${clusterPrefix(cluster)}.actor.>`
    : `${clusterPrefix(cluster)}.actor.${validateToken(node, 'node')}.>`;
}

/** The subject of a broadcast topic (membership, heartbeats): `flint.<cluster>.topic.<name>`. */
export function topicSubject(cluster: string, topic: string): string {
  return `${clusterPrefix(cluster)}.topic.${validateToken(topic, 'topic')}`;
}

/**
 * The request inbox prefix for a principal (`_INBOX.flint.<cluster>.<principal>`), so server
 * permissions can let each role receive only its own replies.
 */
export function inboxPrefix(cluster: string, principal: string): string {
  return `_INBOX.${clusterPrefix(cluster)}.${validateToken(principal, 'principal')}`;
}

/** Inverse of actorSubject: the address, or undefined when `subject` is not an actor subject of `cluster`. */
export function parseActorSubject(cluster: string, subject: string): Address | undefined {
  const prefix = `${clusterPrefix(cluster)}.actor.`;
  if (!subject.startsWith(prefix)) return undefined;
  const tokens = subject.slice(prefix.length).split('.');
  if (tokens.length < 2 || tokens.some((t) => t.length === 0 || FORBIDDEN.test(t))) return undefined;
  const [node, ...path] = tokens;
  return { node, path: path.join('/') };
}

/** Inverse of topicSubject: the topic name, or undefined. */
export function parseTopicSubject(cluster: string, subject: string): string | undefined {
  const prefix = `${clusterPrefix(cluster)}.topic.`;
  if (!subject.startsWith(prefix)) return undefined;
  const name = subject.slice(prefix.length);
  return name.length > 0 && !FORBIDDEN.test(name) ? name : undefined;
}
