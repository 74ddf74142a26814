import t from 'tap';
import { formatApplications } from './status-command.js';
import type { ApplicationRecord } from '../runtime/submit/index.js';

const app = (over: Partial<ApplicationRecord>): ApplicationRecord => ({
  appId: 'app-20260101000000-abcdef', name: 'wc', submitter: 'me@host', deployMode: 'cluster', bundleHash: 'f'.repeat(64),
  restartPolicy: { kind: 'never' }, state: 'FINISHED', attempts: 1, node: 'n1', submittedAt: 1, updatedAt: 2, ...over,
});

t.test('formatApplications', async (t) => {
  t.test('lists id, name, mode, state, attempts and node in aligned columns', async (t) => {
    t.equal(formatApplications({ apps: [app({}), app({ appId: 'app-2', name: 'etl-nightly', deployMode: 'client', state: 'RESTARTING', attempts: 2, node: undefined })] }), [
      'applications:',
      '  APPLICATION                NAME         MODE     STATE       ATTEMPTS  NODE',
      '  app-20260101000000-abcdef  wc           cluster  FINISHED    1         n1',
      '  app-2                      etl-nightly  client   RESTARTING  2         -',
      '',
    ].join('\n'));
  });
  t.test('says when there are none, or why they could not be read', async (t) => {
    t.equal(formatApplications({ apps: [] }), 'applications: none\n');
    t.equal(formatApplications({ error: 'jetstream not enabled' }), 'applications: unavailable (jetstream not enabled)\n');
  });
});
