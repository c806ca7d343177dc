// Powertools idempotency records in the case table. The stock layer keeps every record of a
// table with a sort key under one partition key; here each record has its own (the
// notification id's hash), so no key grows hot however many notifications go out.
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { requiredEnv } from './clients.ts';

export const IDEMPOTENCY_SK = 'IDEMPOTENCY';

export class CaseTableIdempotency extends DynamoDBPersistenceLayer {
  constructor() {
    // the table's TTL attribute is Powertools' default, `expiration`
    super({ tableName: requiredEnv('TABLE_NAME'), keyAttr: 'PK', sortKeyAttr: 'SK' });
  }

  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    return marshall({ PK: `IDEMPOTENCY#${idempotencyKey}`, SK: IDEMPOTENCY_SK });
  }
}

/**
 * `run` calls `fn` once per `id` of its argument: a repeated call answers what the first
 * returned, for as long as the record lives (a week unless told). Register the Lambda
 * context on `config` in each invocation, so a record in progress expires with it. The
 * records are kept in the case table unless another store is given.
 */
export function oncePerId<T extends { id: string }, R>(
  fn: (input: T) => Promise<R>,
  expiresAfterSeconds = 7 * 24 * 3600,
  persistenceStore: BasePersistenceLayer = new CaseTableIdempotency(),
) {
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds });
  return { config, run: makeIdempotent(fn, { persistenceStore, config }) };
}
