// The chaos run (test/bench/chaos.ts) at its small setting: a burst of submissions with
// duplicate keys, decisions racing their deadlines, a kill -9 of the whole local stack while
// cases flow, and every queue message and stream batch delivered twice. Nothing lost, nothing
// doubled; `npm run chaos` is the full size.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { it } from 'vitest';
import { projectRoot } from '../../infra/local/lambda.ts';

it('bursts, races, a crash of the whole stack and redelivery lose nothing and double nothing', async () => {
  const child = spawn(process.execPath, ['test/bench/chaos.ts', '--small'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, output);
  assert.match(output, /Lost = 0, doubled = 0/);
  for (const phase of ['burst', 'race', 'crash', 'redeliver']) assert.match(output, new RegExp(`\\| ${phase} \\|`), `${phase} ran`);
  assert.doesNotMatch(output, /\*\*OFF\*\*/);
});
