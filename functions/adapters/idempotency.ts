// Powertools idempotency records in the case table. The stock layer keeps every record of a
// table with a sort key under one partition key; here each record has its own (the
// notification id's hash), so no key grows hot however many notifications go out.
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
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
