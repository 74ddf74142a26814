import t from 'tap';
import { join } from 'node:path';
import { flintPackageRoot, flintRootUrl, hostSpecifierFor, hostSpecifierForPackageImport, resolveHostSpecifier } from './flint-host.js';

t.test('flint-host specifiers', async (t) => {
  const root = '/opt/flint';
  t.test('map Flint source and dist files, and nothing else', async (t) => {
    t.equal(hostSpecifierFor('/opt/flint/runtime/context/index.ts', root), 'flint-host:dist/runtime/context/index.js');
    t.equal(hostSpecifierFor('/opt/flint/dist/runtime/index.js', root), 'flint-host:dist/runtime/index.js');
    t.equal(hostSpecifierFor('/opt/flint/node_modules/msgpackr/index.js', root), undefined, 'dependencies are bundled');
    t.equal(hostSpecifierFor('/opt/flint/examples/app.mjs', root), undefined, 'examples are user code');
    t.equal(hostSpecifierFor('/home/me/app.ts', root), undefined);
    t.equal(hostSpecifierFor('/opt/flint/runtime/README.md', root), undefined);
  });
  t.test('resolve against the installation that runs the bundle, never outside it', async (t) => {
    t.equal(resolveHostSpecifier('flint-host:dist/runtime/index.js', 'file:///srv/flint/'), 'file:///srv/flint/dist/runtime/index.js');
    t.throws(() => resolveHostSpecifier('flint-host:../etc/passwd', 'file:///srv/flint/'), { code: 'INVALID_ARGUMENT' });
    t.throws(() => resolveHostSpecifier('flint-host:/etc/passwd', 'file:///srv/flint/'), { code: 'INVALID_ARGUMENT' });
  });
  t.test('bare flint imports follow the package exports', async (t) => {
    const here = flintPackageRoot();
    t.equal(hostSpecifierForPackageImport('flint/runtime', here), 'flint-host:dist/runtime/index.js');
    t.throws(() => hostSpecifierForPackageImport('flint/nope', here), { code: 'INVALID_ARGUMENT' });
    t.equal(flintRootUrl(here).endsWith('/'), true);
    t.equal(join(here, 'runtime', 'submit').length > 0, true);
  });
});
