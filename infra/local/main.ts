// `npm start`: the whole system on this machine. Data is kept in .local-data/ (so a restart
// resumes open cases) unless --in-memory is given. PORT sets the HTTP port (default 3000).
import { resolve } from 'node:path';
import { projectRoot } from './lambda.ts';
import { startLocalStack } from './stack.ts';
import { demoCalendar2026, demoCatalogue } from './demo-catalogue.ts';

const inMemory = process.argv.includes('--in-memory');
const dataDir = inMemory ? undefined : resolve(process.env.ONE_STOP_DATA_DIR ?? resolve(projectRoot, '.local-data'));
const stack = await startLocalStack({
  port: Number(process.env.PORT ?? 3000),
  dataDir,
  log: (line) => console.error(line),
});

// Seed the demo services only where the catalogue does not have them yet.
const { getService, putService } = await import('#adapters/catalogue-store.ts');
for (const service of demoCatalogue)
  if (!(await getService(service.code))) await putService({ ...service, updatedAt: new Date().toISOString() });
// and a first calendar, the real 2026 arrangement, where none has been saved.
const { getCalendar, saveCalendar } = await import('#adapters/calendar-store.ts');
const calendar = await getCalendar();
if (calendar.version === 0) await saveCalendar(calendar, { ...calendar, years: { '2026': demoCalendar2026 } });

console.log(`one-stop local stack on ${stack.url}`);
console.log(`  data: ${dataDir ?? 'in memory'}`);
console.log(`  CORS: ${stack.cors ? stack.cors.allowOrigins.join(', ') : 'off'} (CORS_ORIGINS)`);
console.log(`  web console: ${stack.url}/  (sign in locally with any name and a role)`);
console.log(`  try:  curl ${stack.url}/services`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    await stack.stop();
    process.exit(0);
  });
