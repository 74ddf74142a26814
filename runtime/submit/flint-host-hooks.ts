// Node module customization hooks (registered by registerFlintHost before a bundle is imported):
// resolve `flint-host:` imports against this process's Flint installation; leave every other import alone.
import type { InitializeHook, ResolveHook } from 'node:module';
import { FLINT_HOST_SCHEME, resolveHostSpecifier } from './flint-host.js';

let rootUrl = '';

export const initialize: InitializeHook<{ readonly rootUrl: string }> = (data) => {
  rootUrl = data.rootUrl;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (!specifier.startsWith(FLINT_HOST_SCHEME)) return nextResolve(specifier, context);
  // The default resolver then settles the format (dist/ is "type": "module") and checks the file exists.
  return nextResolve(resolveHostSpecifier(specifier, rootUrl), context);
};
