// Screenshots of the console's main pages at desktop and phone width, for README:
//   npm run screenshots   (writes test/browser/screenshots/*.png)
// A local stack in memory with a service, a case decided by one department and deemed
// approved by the other. Chinese text needs a CJK font on the machine (Debian:
// fonts-noto-cjk); without one the pages are right but the glyphs are boxes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalStack } from '../../infra/local/stack.ts';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { connect, eventually, tasksOpen } from '../support/local-stack.ts';
import { launch, signIn } from './browser.ts';

const out = join(import.meta.dirname, 'screenshots');
mkdirSync(out, { recursive: true });
const stack = await startLocalStack({ log: () => {} });
const api = await connect(stack);
const browser = await launch();
try {
  const admin = await api.token('admin-1', ['admins']);
  const service = buildingServiceDefinition({ description: '新建、扩建建筑：规划、消防、环保并联审批。' });
  service.departments = service.departments.map((d) => ({
    ...d,
    timeLimit: d.code === 'environment' ? { duration: 'PT3S' } : { workingDays: 10 },
  }));
  await api.call('PUT', '/services/building-permit', { token: admin, body: service });
  const applicant = await api.token('citizen-a', ['applicants']);
  const submitted = await api.call('POST', '/applications', { token: applicant, body: applicationBody('building-permit') });
  const caseId = submitted.body.caseId as string;
  await tasksOpen(api, caseId, 3);
  await api.call('POST', `/applications/${caseId}/reviews/planning/decision`, {
    token: await api.token('reviewer-p', ['reviewers-planning']),
    body: { decision: 'APPROVE', conditions: ['外立面材料须经复核 Facade materials to be re-checked'] },
  });
  await eventually(
    async () =>
      (await api.call('GET', `/applications/${caseId}`, { token: applicant })).body.reviews.some(
        (r: any) => r.status === 'DEEMED_APPROVED',
      ),
    'a deemed approval',
  );
  const shots = [
    { name: 'catalogue', path: '/', as: undefined, ready: '.card' },
    { name: 'apply', path: '/services/building-permit', as: ['citizen-a', 'applicants'], ready: '#f-applicant_name' },
    { name: 'case', path: `/cases/${caseId}`, as: ['citizen-a', 'applicants'], ready: '#case-status' },
    { name: 'work-list', path: '/work', as: ['reviewer-f', 'reviewers', 'fire'], ready: 'table' },
    { name: 'review', path: `/work/${caseId}/fire`, as: ['reviewer-f', 'reviewers', 'fire'], ready: 'form.decision' },
    { name: 'transparency', path: '/public', as: undefined, ready: 'table' },
  ] as const;
  for (const size of [
    { suffix: 'desktop', width: 1280, height: 900 },
    { suffix: 'phone', width: 390, height: 844 },
  ]) {
    for (const shot of shots) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: size.width, height: size.height, deviceScaleFactor: 1 });
      if (shot.as) await signIn(page, api.url, shot.as[0], shot.as[1], shot.as[2]);
      await page.goto(`${api.url}/#${shot.path}`);
      await page.waitForSelector(shot.ready);
      const file = join(out, `${shot.name}-${size.suffix}.png`);
      await page.screenshot({ path: file as `${string}.png`, fullPage: size.suffix === 'desktop' });
      console.log(`wrote ${file}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await stack.stop();
}
