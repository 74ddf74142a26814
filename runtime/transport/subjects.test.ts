import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import {
  actorSubject, actorWildcard, inboxPrefix, parseActorSubject, parseTopicSubject, topicSubject, validateToken,
} from './subjects.js';

t.test('subjects', async (t) => {
  t.test('builds actor subjects with one token per path segment', async (t) => {
    t.equal(actorSubject('prod', { node: 'n1', path: 'user/master' }), 'flint.prod.actor.n1.user.master');
    t.equal(actorSubject('c', { node: 'driver-7', path: 'system/block-manager/fetcher_2' }), 'flint.c.actor.driver-7.system.block-manager.fetcher_2');
  });

  t.test('round-trips actor addresses', async (t) => {
    for (const address of [
      { node: 'n1', path: 'user' },
      { node: 'node-A_1', path: 'user/master' },
      { node: 'exec-3', path: 'user/executor/task-runner/7' },
      { node: 'ünïcode', path: 'user/ä€' },
    ]) {
      t.same(parseActorSubject('prod', actorSubject('prod', address)), address);
    }
  });

  t.test('builds and parses topic subjects', async (t) => {
    t.equal(topicSubject('prod', 'heartbeats'), 'flint.prod.topic.heartbeats');
    t.equal(parseTopicSubject('prod', topicSubject('prod', 'membership')), 'membership');
    t.equal(parseTopicSubject('other', topicSubject('prod', 'membership')), undefined);
  });

  t.test('does not parse foreign or malformed subjects', async (t) => {
    t.equal(parseActorSubject('prod', 'flint.dev.actor.n1.user'), undefined);
    t.equal(parseActorSubject('prod', 'flint.prod.topic.heartbeats'), undefined);
    t.equal(parseActorSubject('prod', 'flint.prod.actor.n1'), undefined);
    t.equal(parseActorSubject('prod', 'flint.prod.actor.n1..x'), undefined);
  });

  t.test('builds wildcards and inbox prefixes', async (t) => {
    t.equal(actorWildcard('prod'), 'flint.prod.actor.>');
    t.equal(actorWildcard('prod', 'n1'), 'flint.prod.actor.n1.>');
    t.equal(inboxPrefix('prod', 'submitter'), '_INBOX.flint.prod.submitter');
  });

  t.test('refuses invalid tokens with INVALID_ARGUMENT naming the part', async (t) => {
    const invalid = ErrorCode.InvalidArgument;
    t.throws(() => actorSubject('prod', { node: 'n.1', path: 'user' }), { code: invalid, fields: { role: 'node', token: 'n.1' } });
    t.throws(() => actorSubject('prod', { node: 'n1', path: 'user/a b' }), { code: invalid, fields: { role: 'path segment' } });
    t.throws(() => actorSubject('prod', { node: 'n1', path: 'user//x' }), { code: invalid, message: /must not be empty/ });
    t.throws(() => actorSubject('prod', { node: 'n1', path: '/user' }), { code: invalid });
    t.throws(() => actorSubject('prod', { node: 'n1', path: 'user/' }), { code: invalid });
    t.throws(() => actorSubject('prod', { node: '*', path: 'user' }), { code: invalid, message: /wildcard/ });
    t.throws(() => actorSubject('prod', { node: 'n1', path: 'user/>' }), { code: invalid, message: /wildcard/ });
    t.throws(() => actorSubject('a.b', { node: 'n1', path: 'user' }), { code: invalid, fields: { role: 'cluster' }, message: /dot/ });
    t.throws(() => topicSubject('prod', 'heart beats'), { code: invalid, fields: { role: 'topic' } });
    t.throws(() => topicSubject('prod', 'tab\there'), { code: invalid });
    t.throws(() => topicSubject('prod', 'a.b'), { code: invalid });
    t.throws(() => topicSubject('prod', ''), { code: invalid });
    t.throws(() => validateToken('x\u0000', 'node'), { code: invalid });
    t.equal(validateToken('ok-token_1', 'node'), 'ok-token_1');
  });
});
