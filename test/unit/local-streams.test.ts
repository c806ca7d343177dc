// The local stream poller's repair of stream images: DynamoDB Local writes an empty map as
// `{}`, DynamoDB as `{"M":{}}`. No AWS.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { repairAttributeValue, repairStreamRecord, retryDelayMs } from '../../infra/local/streams.ts';

describe('stream images as DynamoDB writes them', () => {
  it('turns every empty-map value into {"M":{}}, inside maps and lists, in Keys, NewImage and OldImage', () => {
    // as DynamoDB Local 11.1.0 writes an item with empty maps at each depth
    const local = {
      ApproximateCreationDateTime: 1_790_000_000,
      Keys: { PK: { S: 'CASE#1' }, SK: { S: 'EVENT#0003' } },
      NewImage: {
        PK: { S: 'CASE#1' },
        SK: { S: 'EVENT#0003' },
        kind: { S: 'event' },
        detail: {},
        nested: { M: { empty: {}, list: { L: [{}, { L: [] }, { M: { deeper: {} } }, { S: 'x' }] } } },
        emptyList: { L: [] },
        tags: { SS: ['a'] },
        nothing: { NULL: true },
      },
      OldImage: { detail: {} },
      SequenceNumber: '000000000000000000007',
    };
    const repaired = repairStreamRecord(local);
    assert.deepEqual(repaired, {
      ApproximateCreationDateTime: 1_790_000_000,
      Keys: { PK: { S: 'CASE#1' }, SK: { S: 'EVENT#0003' } },
      NewImage: {
        PK: { S: 'CASE#1' },
        SK: { S: 'EVENT#0003' },
        kind: { S: 'event' },
        detail: { M: {} },
        nested: { M: { empty: { M: {} }, list: { L: [{ M: {} }, { L: [] }, { M: { deeper: { M: {} } } }, { S: 'x' }] } } },
        emptyList: { L: [] },
        tags: { SS: ['a'] },
        nothing: { NULL: true },
      },
      OldImage: { detail: { M: {} } },
      SequenceNumber: '000000000000000000007',
    });
    // what the consumer does with it
    assert.throws(() => unmarshall(local.NewImage as never));
    assert.deepEqual(unmarshall(repaired.NewImage as never).nested, { empty: {}, list: [{}, [], { deeper: {} }, 'x'] });
    // the input is left as it was
    assert.deepEqual(local.NewImage.detail, {});
  });

  it('leaves well-formed values and absent images alone', () => {
    const value = { M: { a: { N: '1' }, b: { BOOL: false }, c: { B: new Uint8Array([1]) } } };
    assert.deepEqual(repairAttributeValue(value), value);
    assert.deepEqual(repairStreamRecord({ Keys: { PK: { S: 'x' } } }), { Keys: { PK: { S: 'x' } } });
  });

  it('backs off briefly between retries, growing and capped', () => {
    const delays = Array.from({ length: 10 }, (_, i) => retryDelayMs(i + 1));
    assert.deepEqual(delays.slice(0, 3), [100, 200, 400]);
    assert.ok(delays.every((d, i) => d >= 100 && d <= 500 && (i === 0 || d >= delays[i - 1])));
  });
});
