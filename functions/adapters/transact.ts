// The version-checked transaction: items written together, each only if it is still as it
// was read. Used by every store that writes several items at once (cases, the calendar).
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents } from './clients.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Write `items` in one transaction. When it is cancelled because an item was not as read
 * (its condition failed, or another transaction held it), throw what `stale` makes: the
 * caller reads again. Any other failure is thrown as it is.
 */
export async function writeIfUnchanged(items: TransactItem[], stale: () => Error): Promise<void> {
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    if (
      err instanceof TransactionCanceledException &&
      (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')
    )
      throw stale();
    throw err;
  }
}
