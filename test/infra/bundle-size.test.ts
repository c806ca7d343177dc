// Every Lambda bundle stays small: cold starts grow with the code a function loads. Bundles
// every function of the manifest with the options the stack gives NodejsFunction (BUNDLING in
// infra/stack.ts), in memory, and names each bundle over the budget with its largest inputs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { build, type Format, type Metafile } from 'esbuild';
import { allFunctions } from '../../infra/manifest.ts';
import { BUNDLING, projectRoot } from '../../infra/stack.ts';

const BUDGET_KIB = 150;
/**
 * Bundles known to be over the budget, each with the size it must not grow past. An entry
 * fails the test once its bundle fits the budget: delete it then.
 */
const CLASSIC_ZOD =
  'zod classic (~96 KiB: every schema carries all the wrappers and the JSON-schema generator, nothing of it tree-shakes) ' +
  'with the case domain, Powertools Logger and Metrics (~35 KiB) and middy; zod/mini in functions/core/schemas.ts and intake.ts would take ~68 KiB off';
const OVER_BUDGET: Record<string, { ceilingKiB: number; why: string }> = {
  SubmitApplication: { ceilingKiB: 169, why: CLASSIC_ZOD },
  CorrectApplication: { ceilingKiB: 169, why: CLASSIC_ZOD },
  DecideReview: { ceilingKiB: 166, why: CLASSIC_ZOD },
  ExtendReview: { ceilingKiB: 165, why: CLASSIC_ZOD },
};

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
      bundle: true,
      platform: 'node',
      format: BUNDLING.format as Format,
      target: BUNDLING.target,
      minify: BUNDLING.minify,
      sourcemap: BUNDLING.sourceMap,
      external: BUNDLING.externalModules,
      banner: { js: BUNDLING.banner },
    });
    const sizes = new Map<string, { bytes: number; output: string }>();
    for (const file of result.outputFiles) {
      if (!file.path.endsWith('.mjs')) continue; // source maps are separate files, not loaded at start
      const output = path.relative(projectRoot, file.path).split(path.sep).join('/');
      sizes.set(path.basename(file.path, '.mjs'), { bytes: file.contents.byteLength, output });
    }
    assert.deepEqual([...sizes.keys()].sort(), functions.map((f) => f.name).sort(), 'one bundle per function');

    const problems: string[] = [];
    for (const [name, { bytes, output }] of sizes) {
      const allowed = OVER_BUDGET[name];
      const limit = allowed?.ceilingKiB ?? BUDGET_KIB;
      if (kib(bytes) > limit)
        problems.push(`${name}: ${kib(bytes).toFixed(1)} KiB > ${limit} KiB; largest inputs: ${largest(result.metafile, output)}`);
      else if (allowed && kib(bytes) <= BUDGET_KIB)
        problems.push(`${name}: ${kib(bytes).toFixed(1)} KiB now fits the ${BUDGET_KIB} KiB budget; remove it from OVER_BUDGET`);
    }
    for (const name of Object.keys(OVER_BUDGET)) if (!sizes.has(name)) problems.push(`OVER_BUDGET names ${name}, which is not a function`);
    assert.deepEqual(problems, [], `bundles over budget:\n${problems.join('\n')}`);

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
