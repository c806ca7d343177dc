// The console's build: one hashed script and stylesheet named by index.html, nothing inline
// (so a strict CSP holds), and a first load within its budget of 150 KiB compressed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { buildConsole, contentSecurityPolicy, describeBuild } from '../../infra/console/build.ts';

const out = mkdtempSync(join(tmpdir(), 'console-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('console build', () => {
  const build = buildConsole(out);

  it('writes index.html naming a content-hashed script and stylesheet, with nothing inline', () => {
    assert.deepEqual(
      build.files.map((f) => f.path.replace(/-[A-Z0-9]{8}\./, '-HASH.')),
      ['index.html', 'assets/main-HASH.js', 'assets/main-HASH.css'],
    );
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const f of build.files.slice(1)) assert.ok(html.includes(`/${f.path}`), f.path);
    assert.doesNotMatch(html, /<script>|<style|\sstyle=|\son\w+=/);
  });

  it('keeps the first load within 150 KiB compressed, and prints it', () => {
    assert.ok(build.firstLoadGzipBytes <= 150 * 1024, describeBuild(build));
    assert.match(describeBuild(build), /first load, compressed: [\d.]+ KiB \(budget 150 KiB: within\)/);
  });

  it('runs under a policy with no inline or eval sources, framed by no one', () => {
    const csp = contentSecurityPolicy(['https://api.example']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'self' https:\/\/api\.example/);
    assert.doesNotMatch(csp, /unsafe/);
  });
});
