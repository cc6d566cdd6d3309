import type { Posting } from '@riskpool/ledger-core';

export function debit(account: string, amountFen: bigint): Posting {
  return { account, side: 'DEBIT', amountFen };
}

export function credit(account: string, amountFen: bigint): Posting {
  return { account, side: 'CREDIT', amountFen };
}

/** `amountFen` from one account to another: a debit of the first, a credit of the second. */
export function transfer(from: string, to: string, amountFen: bigint): Posting[] {
  return [debit(from, amountFen), credit(to, amountFen)];
}
