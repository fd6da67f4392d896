// Loaded before every entry point (`node --import ./src/preload.ts`, see package.json).
//
// Node reads the package.json of the package a module belongs to each time it loads one, to know
// its format, and parses the whole "exports" map again every time: drizzle-orm's is 179 KB and
// Parley loads a few hundred of its modules, which cost ~0.4 s at every start (a test file, the
// server, a simulated day). drizzle-orm is an ES module package, so a relative `.js` import from
// one of its modules is one of its ES modules: resolved here, without that lookup.
import fs from 'node:fs';
import { registerHooks } from 'node:module';

const drizzle = import.meta.resolve('drizzle-orm').replace(/\/index\.js$/, '/');
const isModulePackage = (() => {
  try {
    return JSON.parse(fs.readFileSync(new URL('package.json', drizzle), 'utf8')).type === 'module';
  } catch {
    return false;
  }
})();

/** how many imports this resolved itself (a test checks it does) */
export const resolvedHere = { count: 0 };

if (isModulePackage) {
  registerHooks({
    resolve(specifier, context, next) {
      const parent = context.parentURL;
      if (parent?.startsWith(drizzle) && (specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js')) {
        resolvedHere.count++;
        return { url: new URL(specifier, parent).href, format: 'module', shortCircuit: true };
      }
      return next(specifier, context);
    },
  });
}
