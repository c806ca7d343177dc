// Builds the web console: esbuild bundles src/main.tsx (Preact) into one hashed script and
// one stylesheet, and writes index.html naming them. No inline script or style, so the
// pages run under a strict Content-Security-Policy (script-src 'self'). What a browser needs
// at runtime to find the API and sign in (`config.json`) is not built in: `npm start` and
// the stack each write their own beside these files.
//
//   node infra/console/build.ts [outDir]   (default infra/console/dist; prints the page weight)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const here = import.meta.dirname;
export const CONSOLE_DIST = join(here, 'dist');

/** The strictest policy the console runs under; `connect` adds the API's and sign-in's origins. */
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${connect.map((c) => ` ${c}`).join('')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export interface BuiltFile {
  /** Relative to the output folder. */
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface ConsoleBuild {
  outDir: string;
  files: BuiltFile[];
  /** index.html, the script and the stylesheet, gzip-compressed: what a first visit downloads. */
  firstLoadGzipBytes: number;
}

/** Build the console into `outDir` (emptied first). Synchronous, so CDK can call it while it synthesizes. */
export function buildConsole(outDir: string = CONSOLE_DIST): ConsoleBuild {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  const result = buildSync({
    entryPoints: [join(here, 'src/main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => resolve(p));
  const script = outputs.find((p) => p.endsWith('.js'));
  const style = outputs.find((p) => p.endsWith('.css'));
  if (!script || !style) throw new Error('the console build made no script or no stylesheet');
  const page = readFileSync(join(here, 'src/index.html'), 'utf8')
    .replace('%STYLE%', `/assets/${basename(style)}`)
    .replace('%SCRIPT%', `/assets/${basename(script)}`);
  writeFileSync(join(outDir, 'index.html'), page);
  const files = [join(outDir, 'index.html'), script, style].map((p) => {
    const body = readFileSync(p);
    return { path: relative(outDir, p), bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  });
  return { outDir, files, firstLoadGzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

/** The page weight, a line a file and the total, as the build prints it. */
export function describeBuild(build: ConsoleBuild, budgetKiB = 150): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const total = build.firstLoadGzipBytes;
  return [
    ...build.files.map((f) => `  ${f.path.padEnd(40)} ${kib(f.bytes).padStart(10)}  gzip ${kib(f.gzipBytes).padStart(9)}`),
    `  first load, compressed: ${kib(total)} (budget ${budgetKiB} KiB: ${total <= budgetKiB * 1024 ? 'within' : 'OVER'})`,
  ].join('\n');
}

if (import.meta.main) {
  const build = buildConsole(process.argv[2] ? resolve(process.argv[2]) : CONSOLE_DIST);
  console.log(`console built in ${relative(process.cwd(), build.outDir) || '.'}\n${describeBuild(build)}`);
  if (build.firstLoadGzipBytes > 150 * 1024) process.exitCode = 1;
}
