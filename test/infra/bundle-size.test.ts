// Every Lambda bundle stays small: cold starts grow with the code a function loads. Bundles
// every function of the manifest with the options the stack gives NodejsFunction (BUNDLING in
// infra/stack.ts), in memory, and names each bundle over the budget with its largest inputs.
// No exceptions: every function is at most 150 KiB.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'vitest';
import { build, type Metafile } from 'esbuild';
import { allFunctions } from '../../infra/manifest.ts';
import { esbuildOptions, projectRoot } from '../../infra/stack.ts';

const BUDGET_KIB = 150;

const kib = (bytes: number) => bytes / 1024;

/** What weighs most in one output, by package (or by folder of our own code), for the failure message. */
function largest(metafile: Metafile, output: string, n = 6): string {
  const byPart = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(metafile.outputs[output].inputs)) {
    const pkg = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? path.posix.dirname(file);
    byPart.set(pkg, (byPart.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...byPart]
    .sort(([, a], [, b]) => b - a)
    .slice(0, n)
    .map(([part, bytes]) => `${part} ${kib(bytes).toFixed(1)} KiB`)
    .join(', ');
}

describe('Lambda bundles', () => {
  it(`each is at most ${BUDGET_KIB} KiB (esbuild, the stack's options)`, async () => {
    const functions = allFunctions();
    // One build, one output per entry (no code splitting), nothing written to disk.
    const result = await build({
      absWorkingDir: projectRoot,
      entryPoints: functions.map((f) => ({ in: path.join(projectRoot, f.entry), out: f.name })),
      outdir: path.join(projectRoot, 'cdk.out', 'bundle-size'),
      outExtension: { '.js': '.mjs' },
      write: false,
      metafile: true,
      logLevel: 'silent',
      ...esbuildOptions(),
    });
    const sizes = new Map<string, { bytes: number; output: string }>();
    for (const file of result.outputFiles) {
      if (!file.path.endsWith('.mjs')) continue; // source maps are separate files, not loaded at start
      const output = path.relative(projectRoot, file.path).split(path.sep).join('/');
      sizes.set(path.basename(file.path, '.mjs'), { bytes: file.contents.byteLength, output });
    }
    assert.deepEqual([...sizes.keys()].sort(), functions.map((f) => f.name).sort(), 'one bundle per function');

    const problems: string[] = [];
    for (const [name, { bytes, output }] of sizes)
      if (kib(bytes) > BUDGET_KIB)
        problems.push(`${name}: ${kib(bytes).toFixed(1)} KiB > ${BUDGET_KIB} KiB; largest inputs: ${largest(result.metafile, output)}`);
    assert.deepEqual(problems, [], `bundles over budget:\n${problems.join('\n')}`);

    // zod/mini only, with its English messages: classic zod (~96 KiB) attaches every method
    // and the JSON-schema generator to each schema, and zod/mini without the locale
    // functions/core/zod.ts sets answers "Invalid input" for everything. Functions take z
    // from #core/zod.ts.
    const zod: string[] = [];
    for (const [name, { output }] of sizes) {
      const inputs = Object.keys(result.metafile.outputs[output].inputs);
      if (inputs.some((file) => file.includes('node_modules/zod/v4/classic/'))) zod.push(`${name}: bundles zod classic`);
      if (
        inputs.some((file) => file.includes('node_modules/zod/v4/mini/')) &&
        !inputs.some((file) => file.endsWith('node_modules/zod/v4/locales/en.js'))
      )
        zod.push(`${name}: bundles zod/mini without its English messages (import z from #core/zod.ts)`);
    }
    assert.deepEqual(zod, [], `zod in the bundles:\n${zod.join('\n')}`);

    // One copy of each package in a bundle: versions that disagree (e.g. two Powertools
    // utilities on different releases) each bring their own copy of a shared dependency.
    const duplicated: string[] = [];
    for (const [name, { output }] of sizes) {
      const copies = new Map<string, Set<string>>();
      for (const file of Object.keys(result.metafile.outputs[output].inputs)) {
        const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(file);
        if (m) copies.set(m[2], (copies.get(m[2]) ?? new Set()).add(m[1]));
      }
      for (const [pkg, roots] of copies) if (roots.size > 1) duplicated.push(`${name}: ${pkg} from ${[...roots].join(', ')}`);
    }
    assert.deepEqual(duplicated, [], `packages bundled twice:\n${duplicated.join('\n')}`);
  });
});
