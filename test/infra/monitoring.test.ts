// Alarms, their topic and the dashboard.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { projectRoot } from '../../infra/local/lambda.ts';
import { allFunctions, metrics, queues } from '../../infra/manifest.ts';
import { defaultSynth, resourcesOfType, synth } from '../support/synth.ts';

const s = defaultSynth();
const alarms = resourcesOfType(s.json, 'AWS::CloudWatch::Alarm').map(([id, r]): Record<string, any> => ({ id, ...r.Properties! }));
const topicId = s.logicalId(s.stack.alarmTopic);

describe('monitoring', () => {
  it('alarms on every dead-letter queue, failed and timed-out executions, each function’s errors and throttles, API 5xx, safety-net settlements', () => {
    const names = alarms.map((a) => a.id);
    const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
    for (const key of Object.keys(queues)) assert.ok(has(`${key[0].toUpperCase()}${key.slice(1)}DeadLetters`), key);
    for (const name of ['ExecutionsFailed', 'ExecutionsTimedOut', 'Api5xxRate', 'SafetyNetSettlements', 'WorkflowRedrives'])
      assert.ok(has(name), name);
    for (const f of allFunctions()) {
      assert.ok(has(`${f.name}Errors`), `${f.name} errors`);
      assert.ok(has(`${f.name}Throttles`), `${f.name} throttles`);
    }
  });

  it('every alarm notifies the alarm topic, and describes itself with a pointer to the runbook', () => {
    assert.ok(alarms.length > 40);
    for (const a of alarms) {
      assert.deepEqual(a.AlarmActions, [{ Ref: topicId }], a.id);
      assert.match(a.AlarmDescription, /Runbook/, a.id);
    }
    const dlq = alarms.find((a) => a.id.startsWith('NotificationsDeadLetters'))!;
    assert.equal(dlq.Threshold, 0);
    assert.equal(dlq.ComparisonOperator, 'GreaterThanThreshold');
  });

  it('the topic is encrypted and TLS only; e-mail subscribes only when alarmEmail is given', () => {
    const topic = s.json.Resources[topicId]!.Properties!;
    assert.ok(topic.KmsMasterKeyId);
    assert.equal(resourcesOfType(s.json, 'AWS::SNS::Subscription').length, 0);
    const withEmail = synth({ context: { alarmEmail: 'ops@gov.example' } });
    const subs = resourcesOfType(withEmail.json, 'AWS::SNS::Subscription').map(([, r]) => r.Properties!);
    assert.deepEqual(
      subs.map((p) => [p.Protocol, p.Endpoint]),
      [['email', 'ops@gov.example']],
    );
  });

  it('a dashboard shows the main figures', () => {
    const dashboards = resourcesOfType(s.json, 'AWS::CloudWatch::Dashboard');
    assert.equal(dashboards.length, 1);
    const body = JSON.stringify(dashboards[0][1].Properties!.DashboardBody);
    for (const title of ['API requests and 5xx', 'Case workflows', 'Cases and reviews', 'Dead-letter queues'])
      assert.ok(body.includes(title), title);
  });

  it('the domain metrics graphed and alarmed on are ones the functions count, in the namespace the functions are given', () => {
    const sources = readdirSync(join(projectRoot, 'functions'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(projectRoot, 'functions', f), 'utf8'))
      .join('\n');
    for (const name of metrics.names) assert.ok(sources.includes(`'${name}'`), `${name} is counted somewhere in functions/`);
    const body = JSON.stringify(resourcesOfType(s.json, 'AWS::CloudWatch::Dashboard')[0][1].Properties!.DashboardBody);
    const graphed = [...body.matchAll(new RegExp(`\\\\"${metrics.namespace}\\\\",\\\\"(\\w+)\\\\"`, 'g'))].map((m) => m[1]);
    assert.deepEqual(graphed, [...metrics.graphed]);
    for (const a of alarms.filter((x) => x.Namespace === metrics.namespace))
      assert.ok((metrics.names as readonly string[]).includes(a.MetricName), a.id);
    for (const [id, fn] of resourcesOfType(s.json, 'AWS::Lambda::Function')) {
      const vars = fn.Properties!.Environment?.Variables ?? {};
      if (!String(fn.Properties!.Description ?? '').startsWith('one-stop')) continue;
      assert.equal(vars.POWERTOOLS_METRICS_NAMESPACE, metrics.namespace, id);
      assert.equal(vars.POWERTOOLS_LOG_LEVEL, 'INFO', id);
    }
  });
});
